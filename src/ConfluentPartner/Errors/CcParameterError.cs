using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Errors
{
    /// <summary>
    /// An API or contract error as the cmdlet reports it: the same facts, plus the cmdlet parameter its pointer names.
    /// Internal on purpose: a public type deriving from a client type would make the engine resolve ConfluentPartner.Client
    /// while it scans the module's exported types, before the isolation resolver is in place. PowerShell still shows its
    /// public ParameterName (<c>$_.Exception.Errors[0].ParameterName</c>).
    /// </summary>
    internal sealed class CcParameterError : CcApiError
    {
        internal CcParameterError(CcApiError error, string parameterName) : base(error) => ParameterName = parameterName;

        /// <summary>The cmdlet parameter, e.g. <c>OrganizationName</c> for <c>/organization/name</c>.</summary>
        public string ParameterName { get; }

        public override string ToString() => $"-{ParameterName}: {base.ToString()}";
    }
}
