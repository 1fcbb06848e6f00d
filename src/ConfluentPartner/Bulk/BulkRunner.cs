using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Bulk
{
    /// <summary>
    /// Pipeline input with bounded concurrency, owned by a bulk cmdlet as a field. <see cref="Submit{T}"/> takes a row's checked
    /// request: violations are reported (one ErrorRecord each), ShouldProcess is asked, and the request is sent while input
    /// keeps arriving, up to <see cref="ThrottleLimit"/> at once. Outcomes are written on the pipeline thread in input order,
    /// and the queue is bounded, so memory stays flat however many rows arrive. The cmdlet calls <see cref="Finish"/> from
    /// EndProcessing.
    /// </summary>
    internal sealed class BulkRunner
    {
        internal const int DefaultThrottleLimit = 8;
        private readonly CcApiCmdlet _cmdlet;
        private readonly string _activity;
        private readonly FieldMap _fields;
        private readonly Queue<Task<RowOutcome>> _pending = new Queue<Task<RowOutcome>>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _processed, _succeeded, _failed;
        private TimeSpan _lastProgress = TimeSpan.Zero;
        private bool _progressShown;

        /// <param name="cmdlet">The cmdlet that owns the runner: its client, streams and Ctrl+C.</param>
        /// <param name="activity">The Write-Progress activity, e.g. "Inviting users to Confluent Cloud".</param>
        public BulkRunner(CcApiCmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
            _fields = FieldMap.For(cmdlet.GetType());
        }

        /// <summary>Requests in flight at once; 1 is strictly sequential.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;
        public int MaximumRetryCount { get; set; } = 4;
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary>The parameters of the owning cmdlet that pointers and query parameters name.</summary>
        public FieldMap Fields => _fields;

        /// <summary>Rows queued or in flight at most: enough to keep ThrottleLimit requests busy while output waits in order.</summary>
        private int MaxQueuedRows => Math.Max(4, ThrottleLimit * 4);

        /// <summary>
        /// One row: its violations (one ErrorRecord each), else ShouldProcess (when <paramref name="confirm"/> gives a target
        /// and action), else <paramref name="send"/> queued; exactly one outcome is written for the row, in input order.
        /// </summary>
        public void Submit<T>(object target, Checked<T> request, Func<T, (string Target, string Action)> confirm,
            Func<CcApiClient, T, CancellationToken, Task<RowOutcome>> send, Remedy? remedy = null) where T : class
        {
            if (!request.IsValid)
            {
                Add(ErrorRecordMapper.Outcome(CcApiException.Validation(request.Violations), target, _fields, remedy));
                return;
            }
            var (what, action) = confirm(request.Request);
            if (!_cmdlet.ShouldProcess(what, action)) return;
            Send(target, (client, token) => send(client, request.Request, token), remedy);
        }

        /// <summary>Queues a row's work without a check or ShouldProcess; API failures become the row's ErrorRecords.</summary>
        public void Send(object target, Func<CcApiClient, CancellationToken, Task<RowOutcome>> work, Remedy? remedy = null)
        {
            // Resolve credentials on the pipeline thread; may throw a terminating error.
            var client = _cmdlet.GetClient(options =>
            {
                options.ThrottleLimit = ThrottleLimit;
                options.MaximumRetryCount = MaximumRetryCount;
                options.RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec);
            });
            var token = _cmdlet.Cancellation;
            // Started here rather than on the thread pool: the work runs synchronously until it waits for its turn
            // in the client's pacer, so rows take their places (and with -ThrottleLimit 1 go out) in input order.
            _pending.Enqueue(Run());
            WriteCompleted(maxPending: MaxQueuedRows - 1);

            async Task<RowOutcome> Run()
            {
                try
                {
                    return await work(client, token).ConfigureAwait(false);
                }
                catch (CcApiException ex)
                {
                    return ErrorRecordMapper.Outcome(ex, target, _fields, remedy);
                }
                catch (OperationCanceledException ex)
                {
                    return RowOutcome.Failure(ErrorRecordMapper.Simple(ex, "OperationStopped", ErrorCategory.OperationStopped, target));
                }
            }
        }

        /// <summary>A row that ended without a request (a failed check, an offline answer): written in order with the rest.</summary>
        public void Add(RowOutcome outcome)
        {
            _pending.Enqueue(Task.FromResult(outcome));
            WriteCompleted(maxPending: MaxQueuedRows - 1);
        }

        /// <summary>Waits for every row and writes its outcome; call from EndProcessing.</summary>
        public void Finish()
        {
            WriteCompleted(maxPending: 0);
            _cmdlet.Log.Flush(_cmdlet);
            if (_progressShown) _cmdlet.WriteProgress(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
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
                    _cmdlet.Log.Flush(_cmdlet);
                    Write(_pending.Dequeue().Result);
                }
                _cmdlet.Log.Flush(_cmdlet);
                ReportProgress();
                if (_pending.Count <= maxPending) return;
                if (_cmdlet.Cancellation.IsCancellationRequested) throw new PipelineStoppedException();
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
            if (outcome.Warning != null) _cmdlet.WriteWarning(outcome.Warning);
            if (outcome.Output != null) _cmdlet.WriteObject(outcome.Output);
            if (outcome.Succeeded)
            {
                _succeeded++;
                return;
            }
            _failed++;
            _cmdlet.WriteErrors(outcome.Errors, stop: outcome.Terminating);
        }

        private void ReportProgress()
        {
            var now = _clock.Elapsed;
            if (now < TimeSpan.FromSeconds(2) || now - _lastProgress < TimeSpan.FromMilliseconds(500) || _processed == 0) return;
            _lastProgress = now;
            _progressShown = true;
            var rate = _processed / Math.Max(0.001, now.TotalSeconds);
            _cmdlet.WriteProgress(new ProgressRecord(1, _activity,
                $"{_processed} processed: {_succeeded} succeeded, {_failed} failed, {_pending.Count} in progress ({rate:0.0} rows/s)"));
        }
    }
}
