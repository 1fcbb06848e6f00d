using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>
    /// The one place where API and validation failures become ErrorRecords: ErrorId from the API code,
    /// category from the status, the input row as TargetObject, the JSON pointer named as the cmdlet parameter.
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord FromApiException(CcApiException ex, object? target, IReadOnlyDictionary<string, string> pointerToParameter)
        {
            NameParameters(ex, pointerToParameter);
            var record = new ErrorRecord(ex, ex.Code, Category(ex), target);
            record.ErrorDetails = new ErrorDetails(Message(ex));
            var resolution = ex.Errors.Select(e => e.Resolution).FirstOrDefault(r => !string.IsNullOrEmpty(r)) ?? DefaultAction(ex);
            if (resolution != null) record.ErrorDetails.RecommendedAction = resolution;
            return record;
        }

        /// <summary>Sets each error's <see cref="CcApiError.ParameterName"/> from its JSON pointer or query parameter.</summary>
        public static void NameParameters(CcApiException ex, IReadOnlyDictionary<string, string> pointerToParameter)
        {
            foreach (var error in ex.Errors)
            {
                if (error.ParameterName == null && error.Pointer != null) error.ParameterName = ParameterFor(error.Pointer, pointerToParameter);
                if (error.ParameterName == null && error.QueryParameter != null) error.ParameterName = ParameterFor(error.QueryParameter, pointerToParameter);
            }
        }

        /// <summary>
        /// One ErrorRecord per problem (each naming its own parameter), for requests whose validation can find several
        /// at once. Each record's exception carries that one error, with the status, request id and Location of the whole.
        /// </summary>
        public static IReadOnlyList<ErrorRecord> PerError(CcApiException ex, object? target, IReadOnlyDictionary<string, string> pointerToParameter)
        {
            if (ex.Errors.Count <= 1 || ex is CcOutcomeUnknownException || ex is CcConnectionException)
                return new[] { FromApiException(ex, target, pointerToParameter) };
            return ex.Errors.Select(error =>
            {
                var single = new CcApiException(ex.StatusCode, ex.RequestId, new[] { error }, error.Detail ?? error.Title ?? error.Code, ex)
                {
                    Location = ex.Location,
                    RetryAfterSeconds = ex.RetryAfterSeconds,
                };
                return FromApiException(single, target, pointerToParameter);
            }).ToList();
        }

        public static ErrorRecord Simple(Exception ex, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(ex, errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        /// <summary>Failures that would fail every following row the same way stop the pipeline.</summary>
        public static bool DoomsEveryRow(CcApiException ex) =>
            ex.StatusCode == 401 || ex.StatusCode == 403 || ex is CcConnectionException;

        public static ErrorCategory Category(CcApiException ex)
        {
            if (ex is CcOutcomeUnknownException) return ErrorCategory.OperationTimeout;
            if (ex is CcConnectionException) return ErrorCategory.ConnectionError;
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

        private static string? ParameterFor(string pointer, IReadOnlyDictionary<string, string> map)
        {
            // The longest mapped prefix wins: /organization/sso_config/tenant_id before /organization.
            string? best = null;
            var bestLength = -1;
            foreach (var pair in map)
            {
                if ((pointer == pair.Key || pointer.StartsWith(pair.Key + "/", StringComparison.Ordinal)) && pair.Key.Length > bestLength)
                {
                    best = pair.Value;
                    bestLength = pair.Key.Length;
                }
            }
            return best;
        }

        private static string Message(CcApiException ex)
        {
            var parts = ex.Errors.Select(e =>
            {
                var detail = e.Detail ?? e.Title ?? e.Code;
                if (e.ParameterName != null) return $"-{e.ParameterName}: {detail}";
                if (e.Pointer != null) return $"{e.Pointer}: {detail}";
                return detail;
            });
            var message = string.Join(" ", parts);
            if (!ex.IsClientSide) message = $"{message} (HTTP {ex.StatusCode}{(ex.RequestId != null ? ", request id " + ex.RequestId : "")})";
            if (ex.Location != null) message += $" Existing resource: {ex.Location}";
            return message;
        }

        private static string? DefaultAction(CcApiException ex)
        {
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
