"""SW0xx: notices the engine raises about files it could not check and suppressions that do nothing."""

from stagewarden.rules.notices.analysis_error import AnalysisError
from stagewarden.rules.notices.bare_suppression import BareSuppression
from stagewarden.rules.notices.dependencies_not_verified import DependenciesNotVerified
from stagewarden.rules.notices.file_too_large import FileTooLarge
from stagewarden.rules.notices.imports_not_verified import ImportsNotVerified
from stagewarden.rules.notices.missing_file import MissingFile
from stagewarden.rules.notices.syntax_error import SyntaxErrorNotice
from stagewarden.rules.notices.unreadable_file import UnreadableFile
from stagewarden.rules.notices.unreadable_manifest import UnreadableManifest

RULES = (SyntaxErrorNotice, UnreadableFile, FileTooLarge, MissingFile, BareSuppression, AnalysisError, ImportsNotVerified,
         DependenciesNotVerified, UnreadableManifest)
