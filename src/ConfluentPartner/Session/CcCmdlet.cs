using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// The pipeline-thread base of every cmdlet that talks to the API (and of Connect-CcCloud): the client's messages
    /// queued for the pipeline thread, Ctrl+C as a cancellation token, blocking on a task without writing from another
    /// thread, and writing a failure's ErrorRecords.
    /// </summary>
    public abstract class CcCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private QueuedClientLog? _log;

        internal QueuedClientLog Log => _log ??= new QueuedClientLog(IsEnabled("Verbose", "VerbosePreference"), IsEnabled("Debug", "DebugPreference"));

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing), or when a failure stops the pipeline.</summary>
        internal CancellationToken Cancellation => _stopping.Token;

        protected override void StopProcessing() => Stop();

        /// <summary>Cancels the work still in flight.</summary>
        internal void Stop() => _stopping.Cancel();

        /// <summary>
        /// Blocks the pipeline thread until <paramref name="task"/> ends, writing the client's messages meanwhile:
        /// only this thread may write to PowerShell's streams. Ctrl+C surfaces as PipelineStoppedException.
        /// </summary>
        internal T Wait<T>(Task<T> task)
        {
            Wait((Task)task);
            return task.Result;
        }

        internal void Wait(Task task)
        {
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(100)) Log.Flush(this);
            Log.Flush(this);
            try
            {
                task.GetAwaiter().GetResult(); // rethrows the task's own exception, not an AggregateException
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Writes a failure's ErrorRecords (one per violation); with <paramref name="stop"/> the last one is terminating
        /// and the work still in flight is cancelled.
        /// </summary>
        internal void WriteErrors(IReadOnlyList<ErrorRecord> records, bool stop)
        {
            for (var i = 0; i < records.Count - 1; i++) WriteError(records[i]);
            if (!stop)
            {
                WriteError(records[records.Count - 1]);
                return;
            }
            Stop();
            ThrowTerminatingError(records[records.Count - 1]);
        }

        private bool IsEnabled(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var value))
                return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
        }
    }
}
