using System;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// Whether the server has accepted the credential yet, and whether it has refused it. A refused credential halts
    /// every request still to come: each would fail the same way. Reads are lock-free; the owner serialises writes.
    /// </summary>
    internal sealed class CredentialGate
    {
        private volatile bool _accepted;
        private volatile Exception? _haltedBy;

        public bool Accepted => _accepted;

        /// <summary>Why no request may go any more; null while requests may go.</summary>
        public Exception? HaltedBy => _haltedBy;

        /// <summary>Marks the credential accepted; true only the first time, when concurrency may open up.</summary>
        public bool Accept()
        {
            if (_accepted) return false;
            _accepted = true;
            return true;
        }

        public void Halt(Exception reason) => _haltedBy = reason ?? throw new ArgumentNullException(nameof(reason));

        public void ThrowIfHalted()
        {
            var reason = _haltedBy;
            if (reason != null) throw reason;
        }
    }
}
