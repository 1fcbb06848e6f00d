using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>
    /// What Connect-CcCloud remembers. Kept per runspace, not per process, so each runspace (and each
    /// Azure Automation job sharing a process) has its own.
    /// </summary>
    public sealed class CcSessionContext
    {
        private static readonly ConditionalWeakTable<Runspace, CcSessionContext> ByRunspace = new ConditionalWeakTable<Runspace, CcSessionContext>();

        internal CcSessionContext(Uri baseUri, CcCredential? apiCredential, CcCredential? partnerCredential)
        {
            BaseUri = baseUri;
            ApiCredential = apiCredential;
            PartnerCredential = partnerCredential;
        }

        public Uri BaseUri { get; }
        internal CcCredential? ApiCredential { get; }
        internal CcCredential? PartnerCredential { get; }

        internal CcCredential? CredentialFor(bool acceptsApiKey, bool acceptsOAuth)
        {
            if (!acceptsApiKey) return PartnerCredential ?? (ApiCredential is ApiKeyCredential ? null : ApiCredential);
            return ApiCredential ?? (PartnerCredential is BearerTokenCredential ? PartnerCredential : null);
        }

        /// <summary>The context of the runspace whose pipeline thread is calling.</summary>
        internal static CcSessionContext? Current =>
            Runspace.DefaultRunspace is { } runspace && ByRunspace.TryGetValue(runspace, out var context) ? context : null;

        internal static void SetCurrent(CcSessionContext? context)
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace on this thread.");
            ByRunspace.Remove(runspace);
            if (context != null) ByRunspace.Add(runspace, context);
        }
    }
}
