using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Input;

namespace ConfluentPartner.Errors
{
    /// <summary>
    /// The one place where API and validation failures become ErrorRecords: one per contract violation, each naming its
    /// parameter; ErrorId from the API code, category from the status, the input row as TargetObject, and the
    /// recommended action from the server, else the cmdlet's <see cref="Remedy"/>, else a default for the status.
    /// </summary>
    internal static class ErrorRecordMapper
    {
        /// <summary>The ErrorRecords of a failure: one per error when it lists several (each with the status, request id and Location of the whole).</summary>
        public static IReadOnlyList<ErrorRecord> Map(CcApiException ex, object? target, FieldMap fields, Remedy? remedy = null)
        {
            var named = Named(ex, fields);
            if (named.Count <= 1 || ex is CcOutcomeUnknownException || ex is CcConnectionException)
                return new[] { Record(ReferenceEquals(named, ex.Errors) ? ex : ex.WithErrors(named, ex.Message), target, remedy) };
            return named.Select(error => Record(ex.WithErrors(new[] { error }, error.ToString()), target, remedy)).ToList();
        }

        /// <summary>A row's failed outcome; one that dooms every following row stops the pipeline.</summary>
        public static RowOutcome Outcome(CcApiException ex, object? target, FieldMap fields, Remedy? remedy = null) =>
            RowOutcome.Failure(Map(ex, target, fields, remedy), DoomsEveryRow(ex));

        /// <summary>The failure's errors, each naming its parameter where the cmdlet has one for its pointer or query parameter; the same list when none does.</summary>
        public static IReadOnlyList<CcApiError> Named(CcApiException ex, FieldMap fields)
        {
            var named = ex.Errors.Select(e => e is CcParameterError ? e
                : (fields.ParameterFor(e.Pointer) ?? fields.ParameterFor(e.QueryParameter)) is { } parameter ? new CcParameterError(e, parameter) : e).ToList();
            return named.SequenceEqual(ex.Errors) ? ex.Errors : named;
        }

        public static ErrorRecord Simple(Exception ex, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(ex, errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        /// <summary>Failures that would fail every following row the same way stop the pipeline.</summary>
        public static bool DoomsEveryRow(CcApiException ex) =>
            ex.StatusCode == 401 || ex.StatusCode == 403 || ex is CcConnectionException { Unreachable: true } || ex.Code == "oauth_token_invalid";

        public static ErrorCategory Category(CcApiException ex)
        {
            if (ex is CcOutcomeUnknownException) return ErrorCategory.OperationTimeout;
            if (ex is CcConnectionException) return ErrorCategory.ConnectionError;
            if (ex.Code == "oauth_token_invalid") return ErrorCategory.AuthenticationError;
            var s = ex.StatusCode;
            if (s == 0 || s == 400) return ErrorCategory.InvalidArgument;
            if (s == 422) return ErrorCategory.InvalidData;
            if (s == 401) return ErrorCategory.AuthenticationError;
            if (s == 402) return ErrorCategory.QuotaExceeded;
            if (s == 403) return ErrorCategory.PermissionDenied;
            if (s == 404) return ErrorCategory.ObjectNotFound;
            if (s == 409) return ErrorCategory.ResourceExists;
            if (s == 429) return ErrorCategory.LimitsExceeded;
            if (s == 502 || s == 503 || s == 504) return ErrorCategory.ConnectionError;
            return ErrorCategory.NotSpecified;
        }

        private static ErrorRecord Record(CcApiException ex, object? target, Remedy? remedy)
        {
            var record = new ErrorRecord(ex, ex.Code, Category(ex), target) { ErrorDetails = new ErrorDetails(Message(ex)) };
            var action = ex.Errors.Select(e => e.Resolution).FirstOrDefault(r => !string.IsNullOrEmpty(r)) ?? remedy?.Invoke(ex) ?? DefaultAction(ex);
            if (action != null) record.ErrorDetails.RecommendedAction = action;
            return record;
        }

        private static string Message(CcApiException ex)
        {
            var message = string.Join(" ", ex.Errors.Select(e => e is CcParameterError || e.Pointer == null ? e.ToString() : $"{e.Pointer}: {e}"));
            if (ex.StatusCode != 0) message = $"{message} (HTTP {ex.StatusCode}{(ex.RequestId != null ? ", request id " + ex.RequestId : "")})";
            if (ex.Location != null) message += $" Existing resource: {ex.Location}";
            return message;
        }

        private static string? DefaultAction(CcApiException ex)
        {
            if (ex.Code == "oauth_token_invalid")
                return "Check -TokenUri (or the token URI of Connect-CcCloud): the endpoint answered, but not with an OAuth access token, e.g. with a web page.";
            if (ex.Code == "oauth_token_refused")
                return "Check the client id and secret given to -ClientCredential, and that the client may use the partner API.";
            switch (ex.StatusCode)
            {
                case 401: return "Check the credential in use (API key and secret, access token, or OAuth client id and secret): Get-CcContext shows which one, without the secret.";
                case 403: return "The credential is valid but lacks the role this operation needs (e.g. OrganizationAdmin for invitations, partner:create for signups).";
                case 409: return "The resource already exists. Re-run with -SkipExisting to report existing resources instead of failing.";
                case 429: return "The API's rate limit was reached and retries were exhausted. Lower -ThrottleLimit or try again later.";
            }
            if (ex is CcOutcomeUnknownException) return "Check whether the resource exists before trying again.";
            return null;
        }
    }
}
