namespace ConfluentPartner.Client.Http
{
    /// <summary>What to do after an attempt: <see cref="RetryDecision.Decide"/> says which.</summary>
    public enum RetryAction
    {
        /// <summary>A success: hand the answer back.</summary>
        Accept,
        /// <summary>Send it again after a capped exponential backoff with jitter.</summary>
        BackOffAndResend,
        /// <summary>Rate limited (429, never processed): send it again once the window or Retry-After allows.</summary>
        WaitForRateLimit,
        /// <summary>A 401 with a refreshable credential: fetch a new token and send it again, once.</summary>
        RefreshTokenAndResend,
        /// <summary>The request may or may not have been processed; it is not sent again blindly.</summary>
        GiveUpAsUnknown,
        /// <summary>The failure is the answer (a 4xx, or transient failures beyond the retry limit).</summary>
        Fail,
    }
}
