using System.Collections.Generic;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Client.Validation
{
    /// <summary>
    /// A request model that knows its OpenAPI constraints (required fields, patterns, enums), written beside its JSON
    /// names with the rules of <see cref="ContractValidator"/>. <see cref="ContractValidator.Check{T}"/> takes only these,
    /// so a request without rules does not compile.
    /// </summary>
    public interface IContractRequest
    {
        /// <summary>One entry per broken constraint, each with the JSON pointer (or query parameter) the server would name; empty when the request may be sent.</summary>
        IReadOnlyList<CcApiError> Validate();
    }
}
