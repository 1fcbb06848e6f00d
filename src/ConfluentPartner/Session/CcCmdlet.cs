using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// The pipeline-thread base of every cmdlet that talks to the API (and of Connect-CcCloud): the client's messages
    /// queued for the pipeline thread, Ctrl+C as a cancellation token, blocking on a task without writing from another
    /// thread, and writing a failure's ErrorRecords. Disposable: PowerShell disposes the cmdlet when its pipeline ends,
    /// however it ends (a downstream Select-Object -First, a later command's exception, -ErrorAction Stop, Ctrl+C, the
    /// runspace closing), and the work it started ends with it.
    /// </summary>
    public abstract class CcCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly List<IStoppable> _owned = new List<IStoppable>();
        private QueuedClientLog? _log;
        private bool _inquiryPrevented;
        private bool _disposed;

        internal QueuedClientLog Log
        {
            get
            {
                PreventInquiry();
                return _log ??= new QueuedClientLog(IsEnabled("Verbose", "VerbosePreference"), IsEnabled("Debug", "DebugPreference"));
            }
        }

        /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing), when a failure stops the pipeline, or when the cmdlet is disposed.</summary>
        internal CancellationToken Cancellation => _stopping.Token;

        protected override void BeginProcessing() => PreventInquiry();

        protected override void StopProcessing()
        {
            IStoppable[] owned;
            lock (_owned) owned = _owned.ToArray();
            // Work that owns requests in flight stops starting new ones, and winds down on the pipeline thread
            // (answers awaited briefly, the rest named); a backstop cancels everything if that thread never gets there.
            foreach (var work in owned) work.StopStarting();
            if (owned.Length == 0) Stop();
            else
            {
                try { _stopping.CancelAfter(TimeSpan.FromSeconds(10)); } catch (ObjectDisposedException) { }
            }
        }

        /// <summary>Cancels the work still in flight.</summary>
        internal void Stop()
        {
            try { _stopping.Cancel(); } catch (ObjectDisposedException) { }
        }

        /// <summary>Ties <paramref name="work"/> (a bulk runner) to this cmdlet: stopped with it, disposed with it.</summary>
        internal void Own(IStoppable work)
        {
            lock (_owned) _owned.Add(work);
        }

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
        /// Writes an API failure of a call the cmdlet makes itself (not a bulk row): its ErrorRecords, each naming this
        /// cmdlet's parameter; terminating with <paramref name="stop"/> or when the failure dooms every later call.
        /// </summary>
        internal void WriteApiError(CcApiException ex, object? target, bool stop = false) =>
            WriteErrors(ErrorRecordMapper.Map(ex, target, FieldMap.For(GetType())), stop || ErrorRecordMapper.DoomsEveryRow(ex));

        /// <summary>
        /// Writes a failure's ErrorRecords (one per violation); with <paramref name="stop"/> the last one is terminating
        /// and the work still in flight is cancelled.
        /// </summary>
        internal void WriteErrors(IReadOnlyList<ErrorRecord> records, bool stop)
        {
            PreventInquiry();
            for (var i = 0; i < records.Count - 1; i++) WriteError(records[i]);
            if (!stop)
            {
                WriteError(records[records.Count - 1]);
                return;
            }
            Stop();
            ThrowTerminatingError(records[records.Count - 1]);
        }

        /// <summary>
        /// A warning that must reach the user even when the pipeline is already stopping (Ctrl+C), when the warning stream no
        /// longer takes anything: then it goes to the host's screen.
        /// </summary>
        internal void WriteWarningEvenWhenStopping(string message)
        {
            try
            {
                WriteWarning(message);
                return;
            }
            catch (Exception)
            {
                // The pipeline is stopping: the streams are closed.
            }
            try
            {
                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception)
            {
                // No host to show it on.
            }
        }

        /// <summary>Ends the owned work (no request starts after this; requests in flight are awaited briefly and named).</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            IStoppable[] owned;
            lock (_owned) owned = _owned.ToArray();
            foreach (var work in owned) work.Abandon("the pipeline ended");
            Stop();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// PowerShell 7 turns the cmdlet's verbose and warning messages into prompts under -Debug (and its debug messages
        /// under $DebugPreference = 'Inquire'): in a non-interactive host the first one fails the command, in an interactive
        /// one every row asks. Diagnostics must not change what is sent or reported, so such an inherited Inquire becomes
        /// Continue for this command, as if the user had answered "Yes to All" in advance. An Inquire the user asked for on
        /// this command (-WarningAction Inquire) is kept.
        /// </summary>
        private void PreventInquiry()
        {
            if (_inquiryPrevented || CommandRuntime == null) return;
            _inquiryPrevented = true;
            try
            {
                var runtime = CommandRuntime;
                var type = runtime.GetType();
                const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
                Relax("DebugPreference", null, ActionPreference.Continue);
                // Verbose shows what -Verbose (or $VerbosePreference) asks for, and nothing is asked.
                Relax("VerbosePreference", null, IsEnabled("Verbose", "VerbosePreference") ? ActionPreference.Continue : ActionPreference.SilentlyContinue);
                Relax("WarningPreference", "WarningAction", ActionPreference.Continue);
                Relax("InformationPreference", "InformationAction", ActionPreference.Continue);

                void Relax(string property, string? parameter, ActionPreference instead)
                {
                    var p = type.GetProperty(property, Instance);
                    if (p == null || !p.CanRead) return;
                    if (!(p.GetValue(runtime, null) is ActionPreference current) || current != ActionPreference.Inquire) return;
                    if (parameter != null && MyInvocation.BoundParameters.ContainsKey(parameter)) return;
                    if (p.CanWrite)
                    {
                        p.SetValue(runtime, instead, null);
                        return;
                    }
                    // VerbosePreference is read-only in PowerShell 7 and follows the -Verbose flag first: set the flag as the user
                    // could have (-Verbose:$true or -Verbose:$false).
                    var flag = property.EndsWith("Preference", StringComparison.Ordinal) ? type.GetProperty(property.Substring(0, property.Length - "Preference".Length), Instance) : null;
                    if (flag != null && flag.CanWrite && flag.PropertyType == typeof(bool))
                    {
                        flag.SetValue(runtime, instead == ActionPreference.Continue, null);
                        if (!(p.GetValue(runtime, null) is ActionPreference now) || now != ActionPreference.Inquire) return;
                    }
                    var name = char.ToLowerInvariant(property[0]) + property.Substring(1);
                    var value = type.GetField("_" + name, Instance);
                    var cached = type.GetField("_is" + property + "Cached", Instance);
                    if (value == null || cached == null) return;
                    value.SetValue(runtime, instead);
                    cached.SetValue(runtime, true);
                }
            }
            catch (Exception)
            {
                // Another PowerShell whose runtime looks different: nothing to relax.
            }
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
