using ConfluentPartner.Client.Http;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>The one resend rule, decided without HTTP: which failures are resent, looked up, or given up as unknown.</summary>
public class RetryDecisionTests
{
    private static RetryAction Post(ResendPolicy policy, AttemptOutcome outcome, int status = 0, int retries = 0) =>
        RetryDecision.Decide(policy, safeMethod: false, outcome, status, retries, maximumRetries: 4);

    private static RetryAction Get(AttemptOutcome outcome, int status = 0, int retries = 0) =>
        RetryDecision.Decide(ResendPolicy.Idempotent, safeMethod: true, outcome, status, retries, maximumRetries: 4);

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void A_GET_is_resent_after_any_5xx_until_the_retries_run_out(int status)
    {
        Assert.Equal(RetryAction.BackOffAndResend, Get(AttemptOutcome.Answered, status, retries: 3));
        Assert.Equal(RetryAction.Fail, Get(AttemptOutcome.Answered, status, retries: 4));
    }

    [Fact]
    public void A_GET_is_resent_after_a_timeout_or_a_broken_connection()
    {
        Assert.Equal(RetryAction.BackOffAndResend, Get(AttemptOutcome.TimedOut));
        Assert.Equal(RetryAction.BackOffAndResend, Get(AttemptOutcome.BrokeAfterSending));
        Assert.Equal(RetryAction.Fail, Get(AttemptOutcome.TimedOut, retries: 4));
    }

    [Theory]
    [InlineData(ResendPolicy.NeverResend)]
    [InlineData(ResendPolicy.LookUpThenResend)]
    [InlineData(ResendPolicy.Idempotent)]
    public void A_POST_is_resent_only_when_the_answer_says_it_did_not_get_through(ResendPolicy policy)
    {
        Assert.Equal(RetryAction.BackOffAndResend, Post(policy, AttemptOutcome.BrokeBeforeSending));
        Assert.Equal(RetryAction.BackOffAndResend, Post(policy, AttemptOutcome.Answered, 502));
        Assert.Equal(RetryAction.BackOffAndResend, Post(policy, AttemptOutcome.Answered, 503));
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(policy, AttemptOutcome.Answered, 500));
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(policy, AttemptOutcome.TimedOut));
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(policy, AttemptOutcome.BrokeAfterSending));
        Assert.Equal(RetryAction.Fail, Post(policy, AttemptOutcome.Answered, 501));
        Assert.Equal(RetryAction.Fail, Post(policy, AttemptOutcome.Answered, 400));
        Assert.Equal(RetryAction.Fail, Post(policy, AttemptOutcome.BrokeBeforeSending, retries: 4));
        // A gateway that kept failing: the last answer does not say what the service did.
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(policy, AttemptOutcome.Answered, 503, retries: 4));
    }

    [Fact]
    public void A_gateway_timeout_is_resent_only_when_sending_twice_does_no_harm()
    {
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(ResendPolicy.NeverResend, AttemptOutcome.Answered, 504));
        // The gateway may have passed it on (GatewayTimeoutAfterProcessing504): looked up before anything is resent.
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(ResendPolicy.LookUpThenResend, AttemptOutcome.Answered, 504));
        Assert.Equal(RetryAction.BackOffAndResend, Post(ResendPolicy.Idempotent, AttemptOutcome.Answered, 504));
    }

    [Fact]
    public void A_create_looked_up_and_not_found_is_resent_until_the_retries_run_out()
    {
        Assert.Equal(RetryAction.BackOffAndResend, Post(ResendPolicy.LookUpThenResend, AttemptOutcome.NotFoundAfterUnknown, retries: 3));
        Assert.Equal(RetryAction.GiveUpAsUnknown, Post(ResendPolicy.LookUpThenResend, AttemptOutcome.NotFoundAfterUnknown, retries: 4));
    }

    [Fact]
    public void A_429_is_waited_out_a_401_refreshes_the_token_once_and_a_success_is_accepted()
    {
        Assert.Equal(RetryAction.WaitForRateLimit, RetryDecision.Decide(ResendPolicy.NeverResend, false, AttemptOutcome.Answered, 429, 0, 4, 49, 50));
        Assert.Equal(RetryAction.Fail, RetryDecision.Decide(ResendPolicy.NeverResend, false, AttemptOutcome.Answered, 429, 0, 4, 50, 50));
        Assert.Equal(RetryAction.RefreshTokenAndResend, RetryDecision.Decide(ResendPolicy.NeverResend, false, AttemptOutcome.Answered, 401, 0, 4, canRefreshToken: true));
        Assert.Equal(RetryAction.Fail, RetryDecision.Decide(ResendPolicy.NeverResend, false, AttemptOutcome.Answered, 401, 0, 4, canRefreshToken: false));
        Assert.Equal(RetryAction.Accept, Post(ResendPolicy.NeverResend, AttemptOutcome.Answered, 201));
    }
}
