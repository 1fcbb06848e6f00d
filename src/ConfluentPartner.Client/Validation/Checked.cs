using System.Collections.Generic;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Client.Validation
{
    /// <summary>
    /// A request together with the verdict of the contract check, made once by <see cref="ContractValidator.Check{T}"/>.
    /// The client's create methods take it, so a request checked by a cmdlet (to report its violations before asking
    /// ShouldProcess) is not checked again.
    /// </summary>
    public sealed class Checked<T> where T : class
    {
        internal Checked(T request, IReadOnlyList<CcApiError> violations)
        {
            Request = request;
            Violations = violations;
        }

        public T Request { get; }
        /// <summary>One entry per broken constraint, each with its JSON pointer; empty when the request may be sent.</summary>
        public IReadOnlyList<CcApiError> Violations { get; }
        public bool IsValid => Violations.Count == 0;

        /// <summary>The request, or the violations as a client-side <see cref="CcApiException"/>.</summary>
        public T OrThrow() => IsValid ? Request : throw CcApiException.Validation(Violations);
    }
}
