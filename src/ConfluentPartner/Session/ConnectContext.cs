using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// What Connect-CcCloud remembers: an endpoint and up to two credentials, one for the IAM API (API key or
    /// bearer token) and one for the partner API (OAuth client or bearer token). Kept per runspace, not per
    /// process, so each runspace (and each Azure Automation job sharing a process) has its own.
    /// </summary>
    internal sealed class ConnectContext
    {
        /// <summary>The Source of credentials taken from a context, as Verbose shows it.</summary>
        internal const string CredentialSource = "Connect-CcCloud";

        private static readonly ConditionalWeakTable<Runspace, ConnectContext> ByRunspace = new ConditionalWeakTable<Runspace, ConnectContext>();

        internal ConnectContext(Uri baseUri, CcCredential? apiCredential, CcCredential? partnerCredential, string source)
        {
            if (apiCredential == null && partnerCredential == null) throw new ArgumentException("A context needs a credential.");
            BaseUri = baseUri;
            ApiCredential = apiCredential;
            PartnerCredential = partnerCredential;
            Source = source;
            ConnectedAt = DateTimeOffset.Now;
        }

        public Uri BaseUri { get; }
        /// <summary>For the IAM API: an API key or a bearer token.</summary>
        public CcCredential? ApiCredential { get; }
        /// <summary>For the partner API: an OAuth client or a bearer token.</summary>
        public CcCredential? PartnerCredential { get; }
        /// <summary>Where Connect-CcCloud took the credentials from: Parameter or Environment.</summary>
        public string Source { get; }
        public DateTimeOffset ConnectedAt { get; }

        /// <summary>The credential a cmdlet can use: its API's own slot first, then the other slot's if that kind is accepted.</summary>
        internal CcCredential? CredentialFor(bool acceptsApiKey, bool acceptsOAuth)
        {
            var first = acceptsApiKey ? ApiCredential : PartnerCredential;
            var second = acceptsApiKey ? PartnerCredential : ApiCredential;
            if (Accepts(first, acceptsApiKey, acceptsOAuth)) return first;
            return Accepts(second, acceptsApiKey, acceptsOAuth) ? second : null;
        }

        private static bool Accepts(CcCredential? credential, bool acceptsApiKey, bool acceptsOAuth) => credential switch
        {
            null => false,
            ApiKeyCredential _ => acceptsApiKey,
            OAuthClientCredential _ => acceptsOAuth,
            _ => true, // a bearer token goes to either API
        };

        /// <summary>The context of the runspace whose pipeline thread is calling, or null.</summary>
        internal static ConnectContext? Current =>
            Runspace.DefaultRunspace is { } runspace && ByRunspace.TryGetValue(runspace, out var context) ? context : null;

        /// <summary>Replaces (or with null, clears) the calling runspace's context.</summary>
        internal static void SetCurrent(ConnectContext? context)
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace on this thread.");
            lock (ByRunspace)
            {
                ByRunspace.Remove(runspace);
                if (context != null) ByRunspace.Add(runspace, context);
            }
        }

        /// <summary>What Get-CcContext shows: names and ids, never a secret.</summary>
        internal CcContext ToPublic()
        {
            var kinds = new List<string>();
            AddKind(kinds, ApiCredential);
            AddKind(kinds, PartnerCredential);
            var oauth = PartnerCredential as OAuthClientCredential;
            return new CcContext
            {
                BaseUri = BaseUri,
                AuthenticationType = string.Join(", ", kinds),
                ApiKey = (ApiCredential as ApiKeyCredential)?.ApiKey,
                ClientId = oauth?.ClientId,
                TokenUri = oauth == null ? null : oauth.TokenUri ?? new Uri(BaseUri, "/oauth2/token"),
                Source = Source,
                ConnectedAt = ConnectedAt,
            };
        }

        private static void AddKind(List<string> kinds, CcCredential? credential)
        {
            var kind = credential switch
            {
                ApiKeyCredential _ => CcContext.ApiKeyType,
                OAuthClientCredential _ => CcContext.ClientCredentialType,
                BearerTokenCredential _ => CcContext.AccessTokenType,
                _ => null,
            };
            if (kind != null && !kinds.Contains(kind)) kinds.Add(kind); // one token serving both APIs is listed once
        }
    }
}
