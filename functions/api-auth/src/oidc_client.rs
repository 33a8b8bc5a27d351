//! The OpenID provider as this API sees it, through the `openidconnect` crate: discovery
//! (metadata and JWKS), the authorization URL (code flow, PKCE S256, state, nonce), the code
//! exchange and the ID token's verification (signature, issuer, audience, expiry, nonce).
//!
//! Discovery is cached per process (one Lambda cold start) and per issuer. When an ID token is
//! signed with a key the cached JWKS does not hold (`NoMatchingKey`, the provider rotated its
//! keys), the metadata and JWKS are fetched again and the same token is verified once more.
//! No attacker can make that happen at will: the ID token comes from the provider's token
//! endpoint, called by this API with the client secret, never from the browser.

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim,
    CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use platform::identity::OidcConfig;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tokio::sync::Mutex;

/// The claims beyond the standard ones, kept whole: the role claim's name is configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtherClaims(serde_json::Map<String, serde_json::Value>);
impl AdditionalClaims for OtherClaims {}

type IdTokenFields = openidconnect::IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<IdTokenFields, CoreTokenType>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in with the provider failed.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    /// The provider could not be reached or described itself wrongly (the operator's problem).
    #[error("OpenID provider unavailable: {0}")]
    Provider(String),
    /// The provider refused the code (unknown, used, expired, issued to another client).
    #[error("the provider refused the authorization code: {0}")]
    CodeRefused(String),
    /// The ID token is missing or fails verification.
    #[error("the ID token is not valid: {0}")]
    InvalidIdToken(String),
}

/// Who the provider says signed in.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    /// The values of the role claim (a string or an array of strings).
    pub groups: Vec<String>,
}

/// What the callback needs to finish a sign-in started by [`authorize_url`].
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

static DISCOVERED: LazyLock<Mutex<HashMap<String, Arc<CoreProviderMetadata>>>> =
    LazyLock::new(Default::default);

fn http_client() -> Result<reqwest::Client, SsoError> {
    // No redirects: the provider's endpoints answer directly (the crate's own advice, against SSRF).
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| SsoError::Provider(e.to_string()))
}

async fn discover(
    config: &OidcConfig,
    http: &reqwest::Client,
    refresh: bool,
) -> Result<Arc<CoreProviderMetadata>, SsoError> {
    let mut cache = DISCOVERED.lock().await;
    if !refresh && let Some(found) = cache.get(&config.issuer) {
        return Ok(found.clone());
    }
    let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| SsoError::Provider(e.to_string()))?;
    let found = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|e| SsoError::Provider(format!("discovery: {}", error_chain(&e))))?;
    let found = Arc::new(found);
    cache.insert(config.issuer.clone(), found.clone());
    Ok(found)
}

fn client(config: &OidcConfig, metadata: &CoreProviderMetadata) -> Result<Client, SsoError> {
    let redirect =
        RedirectUrl::new(config.redirect_url.clone()).map_err(|e| SsoError::Provider(e.to_string()))?;
    let secret = (!config.client_secret.is_empty()).then(|| ClientSecret::new(config.client_secret.clone()));
    Ok(Client::from_provider_metadata(metadata.clone(), ClientId::new(config.client_id.clone()), secret)
        .set_redirect_uri(redirect))
}

/// The provider's authorization URL for a new sign-in, with its state, nonce and PKCE verifier.
pub async fn authorize_url(config: &OidcConfig) -> Result<Started, SsoError> {
    let http = http_client()?;
    let metadata = discover(config, &http, false).await?;
    let client = client(config, &metadata)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let scopes = config.scopes.iter().filter(|s| *s != "openid").map(|s| Scope::new(s.clone()));
    let (url, state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scopes(scopes)
        .set_pkce_challenge(challenge)
        .url();
    Ok(Started {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Exchanges `code` (with the PKCE verifier) and verifies the ID token against `nonce`.
pub async fn finish(
    config: &OidcConfig,
    code: &str,
    pkce_verifier: &str,
    nonce: &str,
) -> Result<Identity, SsoError> {
    let http = http_client()?;
    let metadata = discover(config, &http, false).await?;
    let tokens = client(config, &metadata)?
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| SsoError::Provider(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
        .request_async(&http)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => SsoError::CodeRefused(r.error().to_string()),
            other => SsoError::Provider(format!("token endpoint: {}", error_chain(&other))),
        })?;
    let id_token = tokens.id_token().ok_or_else(|| SsoError::InvalidIdToken("no ID token".into()))?;
    let nonce = Nonce::new(nonce.to_owned());
    let first = client(config, &metadata)?;
    let claims = match id_token.claims(&first.id_token_verifier(), &nonce) {
        Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
            tracing::info!(issuer = %config.issuer, "ID token signed with an unknown key: fetching the JWKS again");
            let fresh = discover(config, &http, true).await?;
            let again = client(config, &fresh)?;
            id_token.claims(&again.id_token_verifier(), &nonce).cloned()
        }
        other => other.cloned(),
    }
    .map_err(|e| SsoError::InvalidIdToken(e.to_string()))?;
    let role_claim = claims.additional_claims().0.get(&config.role_claim);
    let groups = match role_claim {
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        Some(serde_json::Value::Array(many)) => {
            many.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    };
    Ok(Identity {
        issuer: claims.issuer().to_string(),
        subject: claims.subject().to_string(),
        email: claims.email().map(|e| e.to_string()),
        name: claims.name().and_then(|n| n.get(None)).map(|n| n.to_string()),
        preferred_username: claims.preferred_username().map(|u| u.to_string()),
        groups,
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
