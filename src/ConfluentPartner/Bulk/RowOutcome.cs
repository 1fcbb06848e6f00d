using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ConfluentPartner.Bulk
{
    /// <summary>
    /// What one input row ended in: an object, or its ErrorRecords (one per problem), or both for a Test- cmdlet
    /// ($false plus the reasons).
    /// </summary>
    internal sealed class RowOutcome
    {
        private static readonly IReadOnlyList<ErrorRecord> NoErrors = Array.Empty<ErrorRecord>();

        private RowOutcome(object? output, IReadOnlyList<ErrorRecord> errors, bool terminating, string? warning)
        {
            Output = output; Errors = errors; Terminating = terminating; Warning = warning;
        }

        public object? Output { get; }
        public IReadOnlyList<ErrorRecord> Errors { get; }
        /// <summary>The failure dooms every following row (401, 403, unreachable host): stop the pipeline.</summary>
        public bool Terminating { get; }
        public string? Warning { get; }
        public bool Succeeded => Errors.Count == 0;

        public static RowOutcome Success(object? output, string? warning = null) => new RowOutcome(output, NoErrors, false, warning);
        public static RowOutcome Failure(ErrorRecord error, bool terminating = false) => new RowOutcome(null, new[] { error }, terminating, null);
        public static RowOutcome Failure(IReadOnlyList<ErrorRecord> errors, bool terminating = false) => new RowOutcome(null, errors, terminating, null);
        /// <summary>A Test- answer: the output (e.g. $false) and the errors that explain it.</summary>
        public static RowOutcome Answer(object output, IReadOnlyList<ErrorRecord> reasons) => new RowOutcome(output, reasons, false, null);
    }
}
