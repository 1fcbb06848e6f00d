using System;
using System.Collections.Generic;

namespace ConfluentPartner.Client.Errors
{
    /// <summary>The server could not be reached, or gave no answer to a request that is safe to resend, however often it was tried.</summary>
    public sealed class CcConnectionException : CcApiException
    {
        public CcConnectionException(string message, Exception? inner)
            : base(0, null, new[] { new CcApiError("connection_failed", message) }, message, inner)
        {
        }

        public override CcApiException WithErrors(IReadOnlyList<CcApiError> errors, string message) => this;
    }
}
