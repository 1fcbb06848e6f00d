using System.Linq;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Tests.Infrastructure;

public static class ErrorRecords
{
    /// <summary>
    /// The parameter the record's single error names (its <c>ParameterName</c>, which the module's error type adds to the
    /// client's error), or null when it names none.
    /// </summary>
    public static string? ParameterOf(ErrorRecord record)
    {
        var error = ((CcApiException)record.Exception).Errors.Single();
        return (string?)error.GetType().GetProperty("ParameterName")?.GetValue(error);
    }
}
