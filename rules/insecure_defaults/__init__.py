"""SW1xx: insecure defaults, one rule per file."""

from stagewarden.rules.insecure_defaults.tls_verification_disabled import TlsVerificationDisabled
from stagewarden.rules.insecure_defaults.unverified_ssl_context import UnverifiedSslContext
from stagewarden.rules.insecure_defaults.weak_tls_version import WeakTlsVersion
from stagewarden.rules.insecure_defaults.request_without_timeout import RequestWithoutTimeout
from stagewarden.rules.insecure_defaults.unsafe_yaml_load import UnsafeYamlLoad
from stagewarden.rules.insecure_defaults.pickle_deserialization import PickleDeserialization
from stagewarden.rules.insecure_defaults.marshal_deserialization import MarshalDeserialization
from stagewarden.rules.insecure_defaults.torch_load_without_weights_only import TorchLoadWithoutWeightsOnly
from stagewarden.rules.insecure_defaults.numpy_load_allow_pickle import NumpyLoadAllowPickle
from stagewarden.rules.insecure_defaults.subprocess_shell_true import SubprocessShellTrue
from stagewarden.rules.insecure_defaults.shell_command_string import ShellCommandString
from stagewarden.rules.insecure_defaults.eval_exec_dynamic import EvalExecDynamic
from stagewarden.rules.insecure_defaults.flask_debug_mode import FlaskDebugMode
from stagewarden.rules.insecure_defaults.django_debug_true import DjangoDebugTrue
from stagewarden.rules.insecure_defaults.asgi_debug_true import AsgiDebugTrue
from stagewarden.rules.insecure_defaults.django_allowed_hosts_wildcard import DjangoAllowedHostsWildcard
from stagewarden.rules.insecure_defaults.insecure_cookie_settings import InsecureCookieSettings
from stagewarden.rules.insecure_defaults.csrf_protection_disabled import CsrfProtectionDisabled
from stagewarden.rules.insecure_defaults.cookie_without_secure_flags import CookieWithoutSecureFlags
from stagewarden.rules.insecure_defaults.cors_wildcard_with_credentials import CorsWildcardWithCredentials
from stagewarden.rules.insecure_defaults.bind_all_interfaces import BindAllInterfaces
from stagewarden.rules.insecure_defaults.weak_hash import WeakHash
from stagewarden.rules.insecure_defaults.weak_cipher import WeakCipher
from stagewarden.rules.insecure_defaults.ecb_mode import EcbMode
from stagewarden.rules.insecure_defaults.weak_key_size import WeakKeySize
from stagewarden.rules.insecure_defaults.insecure_random_for_secrets import InsecureRandomForSecrets
from stagewarden.rules.insecure_defaults.insecure_temp_file import InsecureTempFile
from stagewarden.rules.insecure_defaults.hardcoded_tmp_path import HardcodedTmpPath
from stagewarden.rules.insecure_defaults.permissive_file_permissions import PermissiveFilePermissions
from stagewarden.rules.insecure_defaults.tar_extract_without_filter import TarExtractWithoutFilter
from stagewarden.rules.insecure_defaults.xml_stdlib_parser import XmlStdlibParser
from stagewarden.rules.insecure_defaults.lxml_unsafe_parser import LxmlUnsafeParser
from stagewarden.rules.insecure_defaults.jwt_verification_disabled import JwtVerificationDisabled
from stagewarden.rules.insecure_defaults.ssh_host_key_not_verified import SshHostKeyNotVerified
from stagewarden.rules.insecure_defaults.cleartext_protocol import CleartextProtocol
from stagewarden.rules.insecure_defaults.jinja2_autoescape_disabled import Jinja2AutoescapeDisabled
from stagewarden.rules.insecure_defaults.mark_safe_dynamic import MarkSafeDynamic
from stagewarden.rules.insecure_defaults.logging_config_listen import LoggingConfigListen
from stagewarden.rules.insecure_defaults.trust_remote_code import TrustRemoteCode
from stagewarden.rules.insecure_defaults.sql_string_formatting import SqlStringFormatting
from stagewarden.rules.insecure_defaults.django_raw_sql import DjangoRawSql
from stagewarden.rules.insecure_defaults.urlopen_dynamic_url import UrlopenDynamicUrl
from stagewarden.rules.insecure_defaults.weak_password_hasher import WeakPasswordHasher
from stagewarden.rules.insecure_defaults.non_constant_time_compare import NonConstantTimeCompare
from stagewarden.rules.insecure_defaults.weak_kdf_iterations import WeakKdfIterations
from stagewarden.rules.insecure_defaults.mako_template_unescaped import MakoTemplateUnescaped
from stagewarden.rules.insecure_defaults.snmp_insecure import SnmpInsecure
from stagewarden.rules.insecure_defaults.ssh_exec_dynamic_command import SshExecDynamicCommand

RULES = (
    TlsVerificationDisabled,
    UnverifiedSslContext,
    WeakTlsVersion,
    RequestWithoutTimeout,
    UnsafeYamlLoad,
    PickleDeserialization,
    MarshalDeserialization,
    TorchLoadWithoutWeightsOnly,
    NumpyLoadAllowPickle,
    SubprocessShellTrue,
    ShellCommandString,
    EvalExecDynamic,
    FlaskDebugMode,
    DjangoDebugTrue,
    AsgiDebugTrue,
    DjangoAllowedHostsWildcard,
    InsecureCookieSettings,
    CsrfProtectionDisabled,
    CookieWithoutSecureFlags,
    CorsWildcardWithCredentials,
    BindAllInterfaces,
    WeakHash,
    WeakCipher,
    EcbMode,
    WeakKeySize,
    InsecureRandomForSecrets,
    InsecureTempFile,
    HardcodedTmpPath,
    PermissiveFilePermissions,
    TarExtractWithoutFilter,
    XmlStdlibParser,
    LxmlUnsafeParser,
    JwtVerificationDisabled,
    SshHostKeyNotVerified,
    CleartextProtocol,
    Jinja2AutoescapeDisabled,
    MarkSafeDynamic,
    LoggingConfigListen,
    TrustRemoteCode,
    SqlStringFormatting,
    DjangoRawSql,
    UrlopenDynamicUrl,
    WeakPasswordHasher,
    NonConstantTimeCompare,
    WeakKdfIterations,
    MakoTemplateUnescaped,
    SnmpInsecure,
    SshExecDynamicCommand,
)
