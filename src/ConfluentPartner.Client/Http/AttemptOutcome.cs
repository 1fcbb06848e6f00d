namespace ConfluentPartner.Client.Http
{
    /// <summary>How one attempt at a request ended, as far as the client can tell.</summary>
    public enum AttemptOutcome
    {
        /// <summary>The server answered with a status.</summary>
        Answered,
        /// <summary>No answer within the timeout: the request may have been processed.</summary>
        TimedOut,
        /// <summary>The connection failed before any byte of the request could reach the server.</summary>
        BrokeBeforeSending,
        /// <summary>The connection broke after the request was (maybe) sent: it may have been processed.</summary>
        BrokeAfterSending,
        /// <summary>After an unknown outcome, a lookup found no trace of the resource: the request was not processed.</summary>
        NotFoundAfterUnknown,
    }
}
