namespace ConfluentPartner.Client.Http
{
    /// <summary>How a request may be sent again when its first attempt ended without a clear answer.</summary>
    public enum ResendPolicy
    {
        /// <summary>Sending it twice does no harm (GET, DELETE, a dry run): resent after any transient failure.</summary>
        Idempotent,
        /// <summary>A create whose result can be looked up: after an unclear failure it is looked up, and resent only when not found.</summary>
        LookUpThenResend,
        /// <summary>A create that must never happen twice: resent only when the server provably did not get it.</summary>
        NeverResend,
    }
}
