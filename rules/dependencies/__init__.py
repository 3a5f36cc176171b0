"""SW4xx: new dependencies, one rule per file (judged in depcheck.py's project phase)."""

from stagewarden.rules.dependencies.dependency_confusion import DependencyConfusion
from stagewarden.rules.dependencies.insecure_package_source import InsecurePackageSource
from stagewarden.rules.dependencies.known_vulnerability import KnownVulnerability
from stagewarden.rules.dependencies.license_not_allowed import LicenseNotAllowed
from stagewarden.rules.dependencies.likely_typosquat import LikelyTyposquat
from stagewarden.rules.dependencies.new_project import NewProject
from stagewarden.rules.dependencies.not_on_index import NotOnIndex
from stagewarden.rules.dependencies.unpinned_direct_source import UnpinnedDirectSource
from stagewarden.rules.dependencies.unvetted_dependency import UnvettedDependency
from stagewarden.rules.dependencies.yanked_release import YankedRelease

RULES = (UnvettedDependency, NotOnIndex, LikelyTyposquat, NewProject, LicenseNotAllowed, KnownVulnerability,
         YankedRelease, DependencyConfusion, UnpinnedDirectSource, InsecurePackageSource)
