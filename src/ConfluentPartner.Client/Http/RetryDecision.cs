namespace ConfluentPartner.Client.Http
{
    /// <summary>
    /// The one resend rule, as a pure function of what happened: no HTTP, no clock, no randomness.
    /// <list type="bullet">
    /// <item>A 429 was not processed: waited out, up to the rate-limit retry limit.</item>
    /// <item>A 401 with a credential that can fetch a new token: refreshed and resent once.</item>
    /// <item>A request that is safe to repeat (GET, DELETE): any 5xx, timeout or broken connection is resent, up to the retry limit.</item>
    /// <item>A POST is resent only when the answer says it did not get through: a connection refused before sending, 502, 503, and
    /// 504 only when its policy is <see cref="ResendPolicy.Idempotent"/> (a gateway's 504 does not prove the service did nothing:
    /// a <see cref="ResendPolicy.LookUpThenResend"/> create is looked up first).
    /// Any other 5xx (but 501), a timeout or a connection broken after sending leaves its outcome unknown; a
    /// <see cref="ResendPolicy.LookUpThenResend"/> create is then looked up, and resent when not found.</item>
    /// </list>
    /// </summary>
    public static class RetryDecision
    {
        /// <param name="policy">The request's resend policy.</param>
        /// <param name="safeMethod">GET or DELETE: repeating it changes nothing more.</param>
        /// <param name="outcome">How the attempt ended.</param>
        /// <param name="status">The HTTP status when <paramref name="outcome"/> is <see cref="AttemptOutcome.Answered"/>.</param>
        /// <param name="retries">Resends after transient failures so far.</param>
        /// <param name="maximumRetries">How many such resends are allowed.</param>
        /// <param name="rateLimitRetries">429s waited out so far.</param>
        /// <param name="maximumRateLimitRetries">How many 429s may be waited out.</param>
        /// <param name="canRefreshToken">The credential can fetch a new token and has not done so for this request yet.</param>
        public static RetryAction Decide(ResendPolicy policy, bool safeMethod, AttemptOutcome outcome, int status, int retries, int maximumRetries,
            int rateLimitRetries = 0, int maximumRateLimitRetries = 0, bool canRefreshToken = false)
        {
            var resendsLeft = retries < maximumRetries;
            switch (outcome)
            {
                case AttemptOutcome.BrokeBeforeSending:
                case AttemptOutcome.NotFoundAfterUnknown:
                    return resendsLeft ? RetryAction.BackOffAndResend : outcome == AttemptOutcome.NotFoundAfterUnknown ? RetryAction.GiveUpAsUnknown : RetryAction.Fail;
                case AttemptOutcome.TimedOut:
                case AttemptOutcome.BrokeAfterSending:
                    if (!safeMethod) return RetryAction.GiveUpAsUnknown;
                    return resendsLeft ? RetryAction.BackOffAndResend : RetryAction.Fail;
            }

            if (status >= 200 && status < 300) return RetryAction.Accept;
            if (status == 429) return rateLimitRetries < maximumRateLimitRetries ? RetryAction.WaitForRateLimit : RetryAction.Fail;
            if (status == 401 && canRefreshToken) return RetryAction.RefreshTokenAndResend;
            if (status < 500) return RetryAction.Fail;

            // A gateway's 504 does not prove the service did nothing: only a create that is harmless to repeat is resent at once;
            // one that can be looked up is looked up first (GiveUpAsUnknown), one that cannot is never resent.
            var notProcessed = safeMethod || status == 502 || status == 503 || (status == 504 && policy == ResendPolicy.Idempotent);
            if (notProcessed && resendsLeft) return RetryAction.BackOffAndResend;
            return safeMethod || status == 501 ? RetryAction.Fail : RetryAction.GiveUpAsUnknown;
        }
    }
}
