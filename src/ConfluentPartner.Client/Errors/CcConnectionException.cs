using System;
using System.Collections.Generic;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>The server could not be reached, or gave no answer to a request that is safe to resend, however often it was tried.</summary>
    public sealed class CcConnectionException : CcApiException
    {
        public CcConnectionException(string message, Exception? inner, bool unreachable = true)
            : base(0, null, new[] { new CcApiError("connection_failed", message) }, message, inner)
        {
            Unreachable = unreachable;
        }

        /// <summary>
        /// The server could not be reached at all (connection refused, no such host): every following request would fail
        /// the same way. False when it was reached but gave no (complete) answer in time, which may be one slow request.
        /// </summary>
        public bool Unreachable { get; }

        public override CcApiException WithErrors(IReadOnlyList<CcApiError> errors, string message) => this;
    }
}
