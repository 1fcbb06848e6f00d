using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;

namespace ConfluentPartner.Infrastructure
{
    /// <summary>
    /// Pipeline input with bounded concurrency: ProcessRecord validates a row, asks ShouldProcess, and queues its
    /// request; up to -ThrottleLimit requests run while input keeps arriving. Outcomes are written on the pipeline
    /// thread in input order, and the queue is bounded, so memory stays flat however many rows arrive.
    /// </summary>
    public abstract class CcBulkCmdlet : CcApiCmdlet
    {
        internal const int DefaultThrottleLimit = 8;
        private readonly Queue<Task<RowOutcome>> _pending = new Queue<Task<RowOutcome>>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _processed, _succeeded, _failed;
        private TimeSpan _lastProgress = TimeSpan.Zero;
        private bool _progressShown;

        /// <summary>Requests in flight at once; 1 is strictly sequential.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>Retries after 502/503/504 or a connection that failed before the request was sent.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaximumRetryCount { get; set; } = 4;

        /// <summary>Seconds before the first retry; each further retry waits about twice as long (with jitter).</summary>
        [Parameter]
        [ValidateRange(0, 300)]
        public double RetryIntervalSec { get; set; } = 1;

        protected abstract string ProgressActivity { get; }

        protected override void ConfigureClient(CcClientOptions options)
        {
            options.ThrottleLimit = ThrottleLimit;
            options.MaximumRetryCount = MaximumRetryCount;
            options.RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec);
        }

        /// <summary>Queues one row's work. Call from ProcessRecord after validation and ShouldProcess.</summary>
        /// <summary>Rows queued or in flight at most: enough to keep -ThrottleLimit requests busy while output waits in order.</summary>
        private int MaxQueuedRows => Math.Max(4, ThrottleLimit * 4);

        internal void Enqueue(Func<CcApiClient, CancellationToken, Task<RowOutcome>> work, object? target, IReadOnlyDictionary<string, string> pointerMap)
        {
            var client = Client; // resolve credentials on the pipeline thread; may throw a terminating error
            var token = Cancellation;
            // Started here rather than on the thread pool: the work runs synchronously until it waits for its turn
            // in the client's pacer, so rows take their places (and with -ThrottleLimit 1 go out) in input order.
            _pending.Enqueue(Run());

            async Task<RowOutcome> Run()
            {
                try
                {
                    return await work(client, token).ConfigureAwait(false);
                }
                catch (CcApiException ex)
                {
                    return FailureOutcome(ex, target, pointerMap);
                }
                catch (OperationCanceledException ex)
                {
                    return RowOutcome.Failure(ErrorRecordFactory.Simple(ex, "OperationStopped", ErrorCategory.OperationStopped, target));
                }
            }
            WriteCompleted(maxPending: MaxQueuedRows - 1);
        }

        /// <summary>How a row's API failure is reported: one ErrorRecord for the whole failure unless a cmdlet says otherwise.</summary>
        internal virtual RowOutcome FailureOutcome(CcApiException ex, object? target, IReadOnlyDictionary<string, string> pointerMap) =>
            RowOutcome.Failure(ErrorRecordFactory.FromApiException(ex, target, pointerMap), ErrorRecordFactory.DoomsEveryRow(ex));

        /// <summary>A row that failed before any request (validation): written in order with the rest.</summary>
        internal void EnqueueOutcome(RowOutcome outcome)
        {
            _pending.Enqueue(Task.FromResult(outcome));
            WriteCompleted(maxPending: MaxQueuedRows - 1);
        }

        protected override void EndProcessing()
        {
            WriteCompleted(maxPending: 0);
            Log.Flush(this);
            if (_progressShown)
            {
                WriteProgress(new ProgressRecord(1, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Writes finished outcomes in input order; blocks while more than <paramref name="maxPending"/> are queued. It then
        /// waits for a batch of rows, not just the first: the pipeline thread wakes once per batch instead of once per row,
        /// and still writes whatever has finished at least every 100 ms.
        /// </summary>
        private void WriteCompleted(int maxPending)
        {
            while (true)
            {
                while (_pending.Count > 0 && _pending.Peek().IsCompleted)
                {
                    Log.Flush(this);
                    Write(_pending.Dequeue().Result);
                }
                Log.Flush(this);
                ReportProgress();
                if (_pending.Count <= maxPending) return;
                if (Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
                // null: the rows finished since the loop above looked; go round and write them.
                ((IAsyncResult?)LastUnfinished(Math.Max(1, ThrottleLimit)))?.AsyncWaitHandle.WaitOne(100);
            }
        }

        /// <summary>The last row still running among the first <paramref name="count"/>; null when they have all finished.</summary>
        private Task? LastUnfinished(int count)
        {
            Task? last = null;
            foreach (var row in _pending)
            {
                if (count-- == 0) break;
                if (!row.IsCompleted) last = row;
            }
            return last;
        }

        private void Write(RowOutcome outcome)
        {
            _processed++;
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
            if (outcome.Output != null) WriteObject(outcome.Output);
            if (outcome.Succeeded)
            {
                _succeeded++;
                return;
            }
            _failed++;
            var errors = outcome.Errors;
            for (var i = 0; i < errors.Count - 1; i++) WriteError(errors[i]);
            if (outcome.Terminating)
            {
                StopProcessing(); // cancels the rows still in flight
                ThrowTerminatingError(errors[errors.Count - 1]);
            }
            WriteError(errors[errors.Count - 1]);
        }

        private void ReportProgress()
        {
            var now = _clock.Elapsed;
            if (now < TimeSpan.FromSeconds(2) || now - _lastProgress < TimeSpan.FromMilliseconds(500) || _processed == 0) return;
            _lastProgress = now;
            _progressShown = true;
            var rate = _processed / Math.Max(0.001, now.TotalSeconds);
            WriteProgress(new ProgressRecord(1, ProgressActivity,
                $"{_processed} processed: {_succeeded} succeeded, {_failed} failed, {_pending.Count} in progress ({rate:0.0} rows/s)"));
        }
    }
}
