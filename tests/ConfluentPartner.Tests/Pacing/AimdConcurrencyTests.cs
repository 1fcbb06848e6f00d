using ConfluentPartner.Client.Http.Pacing;
using Xunit;

namespace ConfluentPartner.Tests.Pacing;

public class AimdConcurrencyTests
{
    [Fact]
    public void One_request_at_a_time_until_the_credential_is_accepted_then_the_maximum()
    {
        var c = new AimdConcurrency(maximum: 8, decreaseInterval: 1000);
        Assert.Equal(1, c.Limit);
        Assert.False(c.OnSuccess()); // successes before acceptance do not grow it
        Assert.Equal(1, c.Limit);
        c.Open();
        Assert.Equal(8, c.Limit);
        Assert.False(c.CanGrow);
    }

    [Fact]
    public void A_burst_of_429s_halves_once_and_successes_grow_it_back_by_about_one_per_round()
    {
        var c = new AimdConcurrency(maximum: 16, decreaseInterval: 1000);
        c.Open();
        Assert.True(c.OnTooManyAtOnce(now: 5000));
        Assert.Equal(8, c.Limit);
        Assert.True(c.CanGrow);
        Assert.False(c.OnTooManyAtOnce(now: 5500)); // same burst
        Assert.Equal(8, c.Limit);
        Assert.True(c.OnTooManyAtOnce(now: 6001));  // a new burst
        Assert.Equal(4, c.Limit);

        for (var i = 0; i < 5; i++) c.OnSuccess(); // about one round of answers
        Assert.Equal(5, c.Limit);
        for (var i = 0; i < 200; i++) c.OnSuccess();
        Assert.Equal(16, c.Limit); // never above the maximum
        Assert.False(c.CanGrow);
        Assert.False(c.OnSuccess());
    }

    [Fact]
    public void It_never_goes_below_one()
    {
        var c = new AimdConcurrency(maximum: 2, decreaseInterval: 0);
        c.Open();
        for (var t = 1; t < 10; t++) c.OnTooManyAtOnce(now: t);
        Assert.Equal(1, c.Limit);
    }
}
