using System.Management.Automation;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>What one input row ended in: an object, an ErrorRecord, or (rarely) nothing to write.</summary>
    internal sealed class RowOutcome
    {
        private RowOutcome(object? output, ErrorRecord? error, bool terminating, string? warning)
        {
            Output = output; Error = error; Terminating = terminating; Warning = warning;
        }

        public object? Output { get; }
        public ErrorRecord? Error { get; }
        /// <summary>The failure dooms every following row (401, 403, unreachable host): stop the pipeline.</summary>
        public bool Terminating { get; }
        public string? Warning { get; }
        public bool Succeeded => Error == null;

        public static RowOutcome Success(object? output, string? warning = null) => new RowOutcome(output, null, false, warning);
        public static RowOutcome Failure(ErrorRecord error, bool terminating = false) => new RowOutcome(null, error, terminating, null);
    }
}
