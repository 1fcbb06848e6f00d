namespace ConfluentPartner.Client
{
    /// <summary>Where the client reports what it does. Messages never contain secrets.</summary>
    public interface IClientLog
    {
        /// <summary>Whether Verbose messages go anywhere: the pipeline builds none on every request when they do not.</summary>
        bool IsVerboseEnabled { get; }
        /// <summary>Whether Debug messages (request bodies) go anywhere.</summary>
        bool IsDebugEnabled { get; }
        void Verbose(string message);
        void Debug(string message);
        /// <summary>Something the user should know that did not fail the request (a retry, a wait).</summary>
        void Warning(string message);
    }
}
