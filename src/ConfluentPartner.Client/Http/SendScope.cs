using System.Threading;

namespace ConfluentPartner.Client.Http
{
    /// <summary>
    /// Tells one unit of work (a bulk row) whether a request that changes something (anything but GET) left for the
    /// server while it ran: when the work is stopped midway, only those units may have changed something. Flows with
    /// the async calls started after <see cref="Begin"/>.
    /// </summary>
    public sealed class SendScope
    {
        private static readonly AsyncLocal<SendScope?> CurrentScope = new AsyncLocal<SendScope?>();
        private int _sent;

        private SendScope() { }

        /// <summary>True once a POST, PUT, PATCH or DELETE of this unit was handed to the network.</summary>
        public bool SentChange => Volatile.Read(ref _sent) != 0;

        /// <summary>Starts a scope for the calling async flow (call it inside the async method that does the work).</summary>
        public static SendScope Begin() => CurrentScope.Value = new SendScope();

        internal static void MarkSent() { if (CurrentScope.Value is { } scope) Volatile.Write(ref scope._sent, 1); }
    }
}
