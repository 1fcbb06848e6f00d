namespace ConfluentPartner.Client
{
    /// <summary>The log that discards everything: the default when nobody listens.</summary>
    public sealed class NullClientLog : IClientLog
    {
        public static readonly NullClientLog Instance = new NullClientLog();
        public bool IsVerboseEnabled => false;
        public bool IsDebugEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
