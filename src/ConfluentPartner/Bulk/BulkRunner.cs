using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
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
    /// and no more than <see cref="ThrottleLimit"/> rows are started ahead of the output, so memory stays flat however many
    /// rows arrive and a stopped pipeline leaves at most that many rows unreported. The cmdlet calls <see cref="Finish"/> from
    /// EndProcessing. The runner's lifetime is the cmdlet's: however the pipeline ends (the cmdlet is disposed, Ctrl+C, a
    /// downstream Select-Object -First, -ErrorAction Stop), no request starts afterwards, rows in flight are awaited briefly,
    /// and every row started but not reported is named in one warning with what is known about it.
    /// </summary>
    internal sealed class BulkRunner : IStoppable
    {
        internal const int DefaultThrottleLimit = 8;
        /// <summary>How long a stopped pipeline waits for the answers of requests already sent.</summary>
        internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

        private sealed class Row
        {
            public Row(string label) { Label = label; }
            public string Label { get; }
            /// <summary>The row's work; null for a row that ended without a request.</summary>
            public Task<RowOutcome>? Task;
            /// <summary>Set by the work as its last step, before <see cref="_rowFinished"/> is signalled.</summary>
            public volatile RowOutcome? Outcome;
            public SendScope? Scope;
            public bool Stopped;

            /// <summary>Finished: its outcome is known, or its work failed unexpectedly (a bug, rethrown when it is written).</summary>
            public bool IsFinished => Outcome != null || Task?.IsCompleted == true;
            public RowOutcome Result => Outcome ?? Task!.Result;
        }

        private readonly CcApiCmdlet _cmdlet;
        private readonly string _activity;
        private readonly FieldMap _fields;
        private readonly Queue<Row> _pending = new Queue<Row>();
        // Set whenever a row finishes; the pipeline thread waits on it for the oldest row, whose outcome must be written first.
        private readonly ManualResetEventSlim _rowFinished = new ManualResetEventSlim(false, spinCount: 0);
        private CcApiClient? _client;
        private volatile bool _stopRequested;
        private bool _abandoned;
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
            cmdlet.Own(this);
        }

        /// <summary>Requests in flight at once; 1 is strictly sequential.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;
        public int MaximumRetryCount { get; set; } = 4;
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary>The parameters of the owning cmdlet that pointers and query parameters name.</summary>
        public FieldMap Fields => _fields;

        /// <summary>
        /// Rows started and not yet written, at most: ThrottleLimit, so a pipeline that stops (downstream has enough, a later
        /// command fails) has sent at most that many requests it will not report.
        /// </summary>
        private int MaxQueuedRows => Math.Max(1, ThrottleLimit);

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
            Send(target, (client, token) => send(client, request.Request, token), remedy, what);
        }

        /// <summary>Queues a row's work without a check or ShouldProcess; API failures become the row's ErrorRecords.</summary>
        /// <param name="label">How the row is named if the pipeline stops before its outcome is written (e.g. its email); default: the target.</param>
        public void Send(object target, Func<CcApiClient, CancellationToken, Task<RowOutcome>> work, Remedy? remedy = null, string? label = null)
        {
            ThrowIfStopped();
            // Room first: a new row starts only when fewer than ThrottleLimit are waiting to be written.
            WriteCompleted(maxPending: MaxQueuedRows - 1);
            // Resolve credentials on the pipeline thread; may throw a terminating error.
            var client = _client ??= _cmdlet.GetClient(options =>
            {
                options.ThrottleLimit = ThrottleLimit;
                options.MaximumRetryCount = MaximumRetryCount;
                options.RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec);
            });
            if (_stopRequested) client.StopSending(StoppedReason);
            var token = _cmdlet.Cancellation;
            var row = new Row(label ?? Describe(target));
            // Started here rather than on the thread pool: the work runs synchronously until it waits for its turn
            // in the client's pacer, so rows take their places (and with -ThrottleLimit 1 go out) in input order.
            row.Task = Run();
            _pending.Enqueue(row);
            WriteCompleted(maxPending: MaxQueuedRows);

            async Task<RowOutcome> Run()
            {
                // Tells whether this row's create left for the server, should the pipeline stop before its answer.
                row.Scope = SendScope.Begin();
                RowOutcome outcome;
                try
                {
                    outcome = await work(client, token).ConfigureAwait(false);
                }
                catch (CcApiException ex)
                {
                    outcome = ErrorRecordMapper.Outcome(ex, target, _fields, remedy);
                }
                catch (OperationCanceledException ex)
                {
                    row.Stopped = true;
                    outcome = RowOutcome.Failure(ErrorRecordMapper.Simple(ex, "OperationStopped", ErrorCategory.OperationStopped, target));
                }
                row.Outcome = outcome;
                _rowFinished.Set();
                return outcome;
            }
        }

        /// <summary>A row that ended without a request (a failed check, an offline answer): written in order with the rest.</summary>
        public void Add(RowOutcome outcome)
        {
            ThrowIfStopped();
            _pending.Enqueue(new Row("") { Outcome = outcome });
            WriteCompleted(maxPending: MaxQueuedRows - 1);
        }

        /// <summary>Waits for every row and writes its outcome; call from EndProcessing.</summary>
        public void Finish()
        {
            ThrowIfStopped();
            WriteCompleted(maxPending: 0);
            _cmdlet.Log.Flush(_cmdlet);
            if (_progressShown) _cmdlet.WriteProgress(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        private const string StoppedReason = "The pipeline stopped: no further request is sent.";

        /// <inheritdoc/>
        public void StopStarting()
        {
            _stopRequested = true;
            _client?.StopSending(StoppedReason);
        }

        /// <inheritdoc/>
        public void Abandon(string why)
        {
            if (_abandoned) return;
            _abandoned = true;
            _stopRequested = true;
            _client?.StopSending(StoppedReason);
            var rows = _pending.ToArray();
            _pending.Clear();
            var started = rows.Where(r => r.Scope != null).ToArray();
            if (started.Length > 0)
            {
                // Requests already sent get a brief chance to answer; then they are cancelled.
                WaitQuietly(started, StopGrace);
                _cmdlet.Stop();
                WaitQuietly(started, TimeSpan.FromSeconds(1));
            }
            else _cmdlet.Stop();
            try { _cmdlet.Log.Flush(_cmdlet); } catch (Exception) { /* the streams are closed */ }

            var done = new List<string>();
            var unknown = new List<string>();
            var failed = new List<string>();
            var notSent = 0;
            foreach (var row in started)
            {
                var outcome = row.Outcome;
                if (outcome != null && !row.Stopped)
                {
                    if (outcome.Succeeded) done.Add(row.Label);
                    else if (outcome.Errors.Any(e => e.Exception is CcOutcomeUnknownException)) unknown.Add(row.Label);
                    else failed.Add($"{row.Label} ({outcome.Errors[0].ErrorDetails?.Message ?? outcome.Errors[0].Exception.Message})");
                }
                else if (row.Scope!.SentChange) unknown.Add(row.Label);
                else notSent++;
            }
            if (done.Count + unknown.Count + failed.Count + notSent == 0) return;

            var message = new System.Text.StringBuilder($"{_activity}: {why} before {done.Count + unknown.Count + failed.Count + notSent} started row(s) were reported.");
            if (done.Count > 0) message.Append(" Done, not written: ").Append(string.Join(", ", done)).Append('.');
            if (unknown.Count > 0) message.Append(" Outcome unknown (sent, no answer in time): ").Append(string.Join(", ", unknown)).Append('.');
            if (failed.Count > 0) message.Append(" Failed: ").Append(string.Join("; ", failed)).Append('.');
            if (notSent > 0) message.Append($" Not sent: {notSent}.");
            if (done.Count + unknown.Count > 0)
            {
                message.Append(_cmdlet.MyInvocation.MyCommand?.Parameters?.ContainsKey("SkipExisting") == true
                    ? " To converge, run the same input again with -SkipExisting: what exists is reported, not created twice."
                    : " Check whether these exist before sending them again.");
            }
            _cmdlet.WriteWarningEvenWhenStopping(message.ToString());
        }

        private static void WaitQuietly(Row[] rows, TimeSpan timeout)
        {
            try
            {
                Task.WaitAll(rows.Select(r => (Task)r.Task!).ToArray(), timeout);
            }
            catch (AggregateException)
            {
                // A row's work failed unexpectedly: it counts as not finished.
            }
        }

        /// <summary>After a stop nothing more is queued or sent: the stop is carried out and the pipeline told.</summary>
        private void ThrowIfStopped()
        {
            if (_abandoned) throw new PipelineStoppedException();
            if (!_stopRequested) return;
            Abandon("the pipeline was stopped");
            throw new PipelineStoppedException();
        }

        private static string Describe(object target)
        {
            var value = target is PSObject ps ? ps.BaseObject : target;
            var text = value is PSCustomObject ? target.ToString() : value?.ToString();
            return string.IsNullOrEmpty(text) ? "(row)" : text!.Length > 120 ? text.Substring(0, 120) + "…" : text;
        }

        /// <summary>
        /// Writes finished outcomes in input order; blocks while more than <paramref name="maxPending"/> are queued, waking
        /// when the oldest row finishes (so a new row starts as soon as one is written) and at least every 100 ms.
        /// </summary>
        private void WriteCompleted(int maxPending)
        {
            while (true)
            {
                Row? writing = null;
                try
                {
                    while (_pending.Count > 0 && _pending.Peek().IsFinished)
                    {
                        _cmdlet.Log.Flush(_cmdlet);
                        writing = _pending.Peek();
                        Write(writing.Result);
                        _pending.Dequeue();
                        writing = null;
                    }
                    _cmdlet.Log.Flush(_cmdlet);
                    ReportProgress();
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException) || !_abandoned)
                {
                    // Writing failed: downstream has enough (Select-Object -First), a later command threw, -ErrorAction Stop,
                    // a terminating outcome, or Ctrl+C. Nothing more is sent; the rows still pending are named. The row being
                    // written is among them only when the stop may have kept it from the pipeline (Ctrl+C): an error thrown
                    // under -ErrorAction Stop, or a later command failing on it, has reached the user.
                    if (writing != null && _pending.Count > 0 && ReferenceEquals(_pending.Peek(), writing) && !(ex is PipelineStoppedException)) _pending.Dequeue();
                    Abandon(ex is ActionPreferenceStopException || ex is PipelineStoppedException ? "the pipeline was stopped" : "the pipeline ended");
                    throw;
                }
                if (_pending.Count <= maxPending) return;
                if (_stopRequested || _cmdlet.Cancellation.IsCancellationRequested) ThrowIfStoppedNow();
                // The oldest row is the one in the way: outcomes go out in input order. Reset before looking, so a row that
                // finishes after the look still wakes this thread.
                _rowFinished.Reset();
                if (!_pending.Peek().IsFinished) _rowFinished.Wait(100);
            }
        }

        private void ThrowIfStoppedNow()
        {
            Abandon("the pipeline was stopped");
            throw new PipelineStoppedException();
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
