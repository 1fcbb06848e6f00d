using System;
using System.Collections.Generic;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>
    /// A create request that may or may not have reached the server (timeout, connection reset after sending, a 5xx):
    /// repeating it blindly could create the resource twice. <see cref="ResourceKind"/> and <see cref="Keys"/> say what
    /// to look for before a re-run.
    /// </summary>
    public sealed class CcOutcomeUnknownException : CcApiException
    {
        private static readonly IReadOnlyDictionary<string, string> NoKeys = new Dictionary<string, string>();

        public CcOutcomeUnknownException(string message, int statusCode, string? requestId, Exception? inner,
            string? resourceKind = null, IReadOnlyDictionary<string, string>? keys = null)
            : base(statusCode, requestId, new[] { new CcApiError("outcome_unknown", message) }, message, inner)
        {
            ResourceKind = resourceKind;
            Keys = keys ?? NoKeys;
        }

        /// <summary>What may have been created, e.g. <c>signup</c>, <c>signup activation</c>, <c>invitation</c>; null when not known.</summary>
        public string? ResourceKind { get; }
        /// <summary>What identifies it, by JSON field name, e.g. <c>organization_name</c>, <c>entitlement_external_id</c>, <c>email</c>.</summary>
        public IReadOnlyDictionary<string, string> Keys { get; }

        /// <summary>The same unknown outcome, told about one resource: its kind and keys, and a message that names it.</summary>
        public CcOutcomeUnknownException About(string resourceKind, IReadOnlyDictionary<string, string> keys, string message) =>
            new CcOutcomeUnknownException(message, StatusCode, RequestId, this, resourceKind, keys);

        public override CcApiException WithErrors(IReadOnlyList<CcApiError> errors, string message) => this;
    }
}
