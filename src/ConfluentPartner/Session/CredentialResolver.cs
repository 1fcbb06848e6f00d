using System;
using System.Management.Automation;
using System.Security;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Session
{
    /// <summary>Where credentials and the endpoint come from: parameters, the Connect-CcCloud context, the environment.</summary>
    internal static class CredentialResolver
    {
        /// <summary>
        /// The endpoint: the given URI, else the context's, else <see cref="EnvironmentNames.BaseUri"/>, else the public cloud.
        /// Plain http is refused except to loopback, so a secret never crosses a network unencrypted.
        /// </summary>
        public static Uri ResolveBaseUri(Cmdlet cmdlet, Uri? given, Uri? fromContext)
        {
            var uri = given ?? fromContext;
            if (uri == null)
            {
                var fromEnv = Environment.GetEnvironmentVariable(EnvironmentNames.BaseUri);
                if (string.IsNullOrWhiteSpace(fromEnv)) uri = CcClientOptions.DefaultBaseUri;
                else if (!Uri.TryCreate(fromEnv!.Trim(), UriKind.Absolute, out uri))
                {
                    var invalid = new ArgumentException($"The environment variable {EnvironmentNames.BaseUri} holds '{fromEnv}', which is not an absolute URI.");
                    cmdlet.ThrowTerminatingError(new ErrorRecord(invalid, "InvalidBaseUri", ErrorCategory.InvalidArgument, fromEnv));
                }
            }
            return RequireSecure(cmdlet, uri!, "InsecureBaseUri");
        }

        /// <summary>An endpoint a secret may be sent to: https, or http to loopback only.</summary>
        public static Uri RequireSecure(Cmdlet cmdlet, Uri uri, string errorId, string name = "base URI")
        {
            try
            {
                return CcClientOptions.ValidateEndpoint(uri, name);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, errorId, ErrorCategory.SecurityError, uri));
                throw;
            }
        }

        public static SecureString ToSecureString(string value)
        {
            var secure = new SecureString();
            foreach (var c in value) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        public static CcCredential FromPSCredential(PSCredential credential, string source) =>
            new ApiKeyCredential(credential.UserName, credential.Password) { Source = source };

        /// <summary>The environment's credential, or null. Read each time: a runbook may set it after import.</summary>
        public static CcCredential? FromEnvironment(bool allowApiKey, bool allowOAuth, Uri? tokenUri = null)
        {
            if (allowOAuth)
            {
                var clientId = Environment.GetEnvironmentVariable(EnvironmentNames.ClientId);
                var clientSecret = Environment.GetEnvironmentVariable(EnvironmentNames.ClientSecret);
                if (!string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrEmpty(clientSecret))
                    return new OAuthClientCredential(clientId!, ToSecureString(clientSecret!), tokenUri) { Source = "environment" };
            }
            var token = Environment.GetEnvironmentVariable(EnvironmentNames.AccessToken);
            if (!string.IsNullOrWhiteSpace(token)) return new BearerTokenCredential(ToSecureString(token!.Trim())) { Source = "environment" };
            if (allowApiKey)
            {
                var key = Environment.GetEnvironmentVariable(EnvironmentNames.ApiKey);
                var secret = Environment.GetEnvironmentVariable(EnvironmentNames.ApiSecret);
                if (!string.IsNullOrWhiteSpace(key) && !string.IsNullOrEmpty(secret))
                    return new ApiKeyCredential(key!, ToSecureString(secret!)) { Source = "environment" };
            }
            return null;
        }
    }
}
