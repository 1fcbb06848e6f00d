using System.Collections.Concurrent;
using System.Management.Automation;
using ConfluentPartner.Client;

namespace ConfluentPartner.Session
{
    /// <summary>
    /// Collects the client's messages from any thread; the cmdlet writes them on the pipeline thread,
    /// the only thread PowerShell lets write to its streams.
    /// </summary>
    internal sealed class QueuedClientLog : IClientLog
    {
        private enum Kind { Verbose, Debug, Warning }
        private readonly ConcurrentQueue<(Kind Kind, string Message)> _messages = new ConcurrentQueue<(Kind, string)>();
        private readonly bool _verbose;
        private readonly bool _debug;

        public QueuedClientLog(bool verbose, bool debug)
        {
            _verbose = verbose;
            _debug = debug;
        }

        public bool IsVerboseEnabled => _verbose;
        public bool IsDebugEnabled => _debug;
        public void Verbose(string message) { if (_verbose) _messages.Enqueue((Kind.Verbose, message)); }
        public void Debug(string message) { if (_debug) _messages.Enqueue((Kind.Debug, message)); }
        public void Warning(string message) => _messages.Enqueue((Kind.Warning, message));

        public void Flush(Cmdlet cmdlet)
        {
            while (_messages.TryDequeue(out var m))
            {
                switch (m.Kind)
                {
                    case Kind.Verbose: cmdlet.WriteVerbose(m.Message); break;
                    case Kind.Debug: cmdlet.WriteDebug(m.Message); break;
                    default: cmdlet.WriteWarning(m.Message); break;
                }
            }
        }
    }
}
