using ConfluentPartner.Client.Http.Pacing;
using Xunit;

namespace ConfluentPartner.Tests.Pacing;

/// <summary>The clock is in milliseconds (1000 ticks per second), so a Reset of 1 is 1000 ticks.</summary>
public class RateWindowBudgetTests
{
    private static RateWindowBudget New(int overtakeSlack = 8) => new(ticksPerSecond: 1000, overtakeSlack);

    private static long[] Take(RateWindowBudget b, int n) => Enumerable.Range(0, n).Select(_ => b.Take()).ToArray();

    [Fact]
    public void Without_headers_nothing_is_held_back()
    {
        var b = New();
        Take(b, 1000);
        Assert.True(b.MayGo);
        Assert.Null(b.Budget);
        Assert.Null(b.ReopensAt);
    }

    [Fact]
    public void Requests_let_through_after_an_answer_count_against_what_it_says_is_left()
    {
        var b = New();
        var first = b.Take();
        Take(b, 4); // four more left before the first answer came back
        b.Observe(first, limit: 10, remaining: 9, resetSeconds: 1, now: 100);
        Assert.Equal(5, b.Budget);
        Take(b, 5);
        Assert.False(b.MayGo);
        Assert.Equal(100 + 1000 + 2, b.ReopensAt); // arrival + Reset, plus the timer margin
    }

    [Fact]
    public void Answers_that_overtake_each_other_cannot_raise_the_estimate()
    {
        var b = New();
        var s = Take(b, 6);
        b.Observe(s[5], limit: 10, remaining: 4, resetSeconds: 1, now: 100); // the last one counted answers first
        Assert.Equal(4, b.Budget);
        b.Observe(s[0], limit: 10, remaining: 9, resetSeconds: 1, now: 101); // 9 - 5 later ones = 4
        Assert.Equal(4, b.Budget);
    }

    [Fact]
    public void A_spent_window_reopens_with_the_full_limit_only_once_it_has_surely_ended()
    {
        var b = New();
        var s = Take(b, 3);
        b.Observe(s[0], limit: 3, remaining: 2, resetSeconds: 1, now: 50);
        Assert.False(b.MayGo);
        b.Roll(now: 1051);
        Assert.False(b.MayGo);
        b.Roll(now: 1052);
        Assert.True(b.MayGo);
        Assert.Equal(3, b.Budget);
        Assert.Null(b.ReopensAt);

        // A late answer from the old window says nothing about the new one.
        b.Observe(s[2], limit: 3, remaining: 0, resetSeconds: 1, now: 1061);
        Assert.Equal(3, b.Budget);
    }

    [Fact]
    public void A_window_spent_by_answers_that_tell_no_end_still_reopens_a_second_after_it_began()
    {
        // A server (or a proxy) that sends X-RateLimit-Limit on some answers and no Remaining on the next ones:
        // no answer in flight will ever say when the spent window ends, so it is taken to last one second.
        var b = New();
        var s = Take(b, 1);
        b.Observe(s[0], limit: 2, remaining: 1, resetSeconds: 1, now: 50);
        b.Roll(now: 1052);                       // a fresh window of 2, its end unknown
        var next = Take(b, 2);
        b.Observe(next[0], limit: 2, remaining: null, resetSeconds: null, now: 1060);
        b.Observe(next[1], limit: 2, remaining: null, resetSeconds: null, now: 1070);
        Assert.False(b.MayGo);
        Assert.Equal(1052 + 1000 + 2, b.ReopensAt);
        b.Roll(now: 2053);
        Assert.False(b.MayGo);
        b.Roll(now: 2054);
        Assert.True(b.MayGo);
        Assert.Equal(2, b.Budget);
    }

    [Fact]
    public void Requests_that_reach_the_server_in_another_order_are_not_counted_twice()
    {
        var b = New();
        var s = Take(b, 8);
        // The server counted the eighth first and then the others in order.
        b.Observe(s[7], limit: 10, remaining: 9, resetSeconds: 1, now: 100);
        b.Observe(s[0], limit: 10, remaining: 8, resetSeconds: 1, now: 101);
        Assert.Equal(2, b.Budget); // 10 - 8 sent; "Remaining less everything let through after it" would say 1
        Take(b, 2);
        Assert.False(b.MayGo);
    }

    [Fact]
    public void Requests_someone_else_made_in_the_window_are_counted_too()
    {
        var b = New();
        var first = b.Take();
        b.Observe(first, limit: 10, remaining: 4, resetSeconds: 1, now: 100); // 6 counted, only 1 of them ours
        Assert.Equal(4, b.Budget);
        Take(b, 2);
        Assert.Equal(2, b.Budget);
        b.Observe(first + 1, limit: 10, remaining: 3, resetSeconds: 1, now: 120); // consistent: nothing new
        Assert.Equal(2, b.Budget);
    }

    [Fact]
    public void The_earliest_bound_on_the_end_is_kept()
    {
        var b = New();
        var s = Take(b, 2);
        b.Observe(s[0], limit: 10, remaining: 9, resetSeconds: 2, now: 100);
        b.Observe(s[1], limit: 10, remaining: 8, resetSeconds: 1, now: 900);
        Assert.Equal(1900 + 2, b.ReopensAt);
        b.Observe(s[1], limit: 10, remaining: 8, resetSeconds: 2, now: 950);
        Assert.Equal(1900 + 2, b.ReopensAt);
    }

    [Fact]
    public void Far_more_left_than_overtaking_explains_means_the_server_window_turned_over()
    {
        var b = New(overtakeSlack: 2);
        var s = Take(b, 10);
        b.Observe(s[0], limit: 10, remaining: 9, resetSeconds: 1, now: 100);
        Assert.Equal(0, b.Budget);
        // request 10 was counted in a fresh server window: 9 left there
        b.Observe(s[9], limit: 10, remaining: 9, resetSeconds: 1, now: 700);
        Assert.Equal(9, b.Budget);
        Assert.Equal(1700 + 2, b.ReopensAt);
    }

    [Fact]
    public void A_429_with_nothing_left_closes_the_window_until_retry_after()
    {
        var b = New();
        b.Take();
        b.Exhausted(retryAfterSeconds: 2, now: 300);
        Assert.False(b.MayGo);
        Assert.Equal(2300 + 2, b.ReopensAt);
    }

    [Fact]
    public void A_request_given_back_is_spent_again()
    {
        var b = New();
        var first = b.Take();
        b.Observe(first, limit: 2, remaining: 1, resetSeconds: 1, now: 10);
        b.Take();
        Assert.False(b.MayGo);
        b.GiveBack();
        Assert.True(b.MayGo);
    }
}
