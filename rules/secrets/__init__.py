"""SW3xx: secrets, one detector per file (SW301-SW389 token and key formats, SW390-SW399 generic)."""

from stagewarden.rules.secrets.age_secret_key import AgeSecretKey
from stagewarden.rules.secrets.anthropic_api_key import AnthropicApiKey
from stagewarden.rules.secrets.atlassian_api_token import AtlassianApiToken
from stagewarden.rules.secrets.aws_access_key_id import AwsAccessKeyId
from stagewarden.rules.secrets.aws_secret_access_key import AwsSecretAccessKey
from stagewarden.rules.secrets.azure_ad_client_secret import AzureAdClientSecret
from stagewarden.rules.secrets.azure_sas_token import AzureSasToken
from stagewarden.rules.secrets.azure_storage_connection_string import AzureStorageConnectionString
from stagewarden.rules.secrets.basic_auth_url import BasicAuthUrl
from stagewarden.rules.secrets.cloudflare_api_token_assignment import CloudflareApiTokenAssignment
from stagewarden.rules.secrets.database_url_password import DatabaseUrlPassword
from stagewarden.rules.secrets.databricks_token import DatabricksToken
from stagewarden.rules.secrets.datadog_api_key import DatadogApiKey
from stagewarden.rules.secrets.digitalocean_token import DigitalOceanToken
from stagewarden.rules.secrets.discord_bot_token import DiscordBotToken
from stagewarden.rules.secrets.discord_webhook import DiscordWebhook
from stagewarden.rules.secrets.docker_config_auth import DockerConfigAuth
from stagewarden.rules.secrets.docker_hub_token import DockerHubToken
from stagewarden.rules.secrets.doppler_token import DopplerToken
from stagewarden.rules.secrets.facebook_access_token import FacebookAccessToken
from stagewarden.rules.secrets.flyio_token import FlyioToken
from stagewarden.rules.secrets.generic_api_key_header import GenericApiKeyHeader
from stagewarden.rules.secrets.github_fine_grained_token import GitHubFineGrainedToken
from stagewarden.rules.secrets.github_token import GitHubToken
from stagewarden.rules.secrets.gitlab_token import GitLabToken
from stagewarden.rules.secrets.google_api_key import GoogleApiKey
from stagewarden.rules.secrets.google_oauth_client_secret import GoogleOAuthClientSecret
from stagewarden.rules.secrets.google_service_account_key import GoogleServiceAccountKey
from stagewarden.rules.secrets.grafana_token import GrafanaToken
from stagewarden.rules.secrets.groq_api_key import GroqApiKey
from stagewarden.rules.secrets.heroku_api_key import HerokuApiKey
from stagewarden.rules.secrets.huggingface_token import HuggingFaceToken
from stagewarden.rules.secrets.jwt import Jwt
from stagewarden.rules.secrets.linear_api_key import LinearApiKey
from stagewarden.rules.secrets.mailchimp_api_key import MailchimpApiKey
from stagewarden.rules.secrets.mailgun_api_key import MailgunApiKey
from stagewarden.rules.secrets.mapbox_secret_token import MapboxSecretToken
from stagewarden.rules.secrets.netrc_password import NetrcPassword
from stagewarden.rules.secrets.new_relic_key import NewRelicKey
from stagewarden.rules.secrets.notion_token import NotionToken
from stagewarden.rules.secrets.npm_token import NpmToken
from stagewarden.rules.secrets.openai_api_key import OpenAIApiKey
from stagewarden.rules.secrets.password_assignment import PasswordAssignment
from stagewarden.rules.secrets.perplexity_api_key import PerplexityApiKey
from stagewarden.rules.secrets.postman_api_key import PostmanApiKey
from stagewarden.rules.secrets.private_key import PrivateKey
from stagewarden.rules.secrets.pulumi_token import PulumiToken
from stagewarden.rules.secrets.pypi_token import PyPiToken
from stagewarden.rules.secrets.replicate_token import ReplicateToken
from stagewarden.rules.secrets.sendgrid_api_key import SendGridApiKey
from stagewarden.rules.secrets.sentry_auth_token import SentryAuthToken
from stagewarden.rules.secrets.shopify_token import ShopifyToken
from stagewarden.rules.secrets.slack_token import SlackToken
from stagewarden.rules.secrets.slack_webhook import SlackWebhook
from stagewarden.rules.secrets.square_token import SquareToken
from stagewarden.rules.secrets.ssh_password_in_command import SshPasswordInCommand
from stagewarden.rules.secrets.stripe_key import StripeKey
from stagewarden.rules.secrets.telegram_bot_token import TelegramBotToken
from stagewarden.rules.secrets.terraform_cloud_token import TerraformCloudToken
from stagewarden.rules.secrets.twilio_api_key import TwilioApiKey
from stagewarden.rules.secrets.twitter_bearer_token import TwitterBearerToken
from stagewarden.rules.secrets.vault_token import VaultToken
from stagewarden.rules.secrets.wireguard_private_key import WireGuardPrivateKey

RULES = (
    PrivateKey,
    GitHubToken,
    GitHubFineGrainedToken,
    GitLabToken,
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GoogleApiKey,
    GoogleServiceAccountKey,
    GoogleOAuthClientSecret,
    AzureStorageConnectionString,
    AzureSasToken,
    AzureAdClientSecret,
    DigitalOceanToken,
    HerokuApiKey,
    DatabricksToken,
    VaultToken,
    TerraformCloudToken,
    DopplerToken,
    PulumiToken,
    NpmToken,
    PyPiToken,
    DockerHubToken,
    FlyioToken,
    CloudflareApiTokenAssignment,
    SlackToken,
    SlackWebhook,
    DiscordBotToken,
    DiscordWebhook,
    TelegramBotToken,
    TwilioApiKey,
    SendGridApiKey,
    MailgunApiKey,
    MailchimpApiKey,
    StripeKey,
    SquareToken,
    ShopifyToken,
    DatadogApiKey,
    MapboxSecretToken,
    NewRelicKey,
    SentryAuthToken,
    AtlassianApiToken,
    LinearApiKey,
    NotionToken,
    PostmanApiKey,
    GrafanaToken,
    OpenAIApiKey,
    AnthropicApiKey,
    HuggingFaceToken,
    ReplicateToken,
    GroqApiKey,
    PerplexityApiKey,
    Jwt,
    WireGuardPrivateKey,
    AgeSecretKey,
    DatabaseUrlPassword,
    BasicAuthUrl,
    DockerConfigAuth,
    NetrcPassword,
    FacebookAccessToken,
    TwitterBearerToken,
    SshPasswordInCommand,
    GenericApiKeyHeader,
    PasswordAssignment,
)
