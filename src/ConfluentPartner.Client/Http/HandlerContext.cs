using System;
using System.Net.Http;
using ConfluentPartner.Client.Credentials;

namespace ConfluentPartner.Client.Http
{
    /// <summary>What the shared handlers need to know about one client's requests; travels in the request's properties.</summary>
    internal sealed class HandlerContext
    {
        internal const string PropertyKey = "ConfluentPartner.HandlerContext";

        public HandlerContext(CcCredential credential, TokenFetcher tokens, IClientLog log)
        {
            Credential = credential;
            Tokens = tokens;
            Log = log;
        }

        public CcCredential Credential { get; }
        public TokenFetcher Tokens { get; }
        public IClientLog Log { get; }

        public void AttachTo(HttpRequestMessage request) => request.Properties[PropertyKey] = this;

        public static HandlerContext? From(HttpRequestMessage request) =>
            request.Properties.TryGetValue(PropertyKey, out var value) ? value as HandlerContext : null;
    }
}
