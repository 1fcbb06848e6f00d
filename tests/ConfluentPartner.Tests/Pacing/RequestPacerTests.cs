using ConfluentPartner.Client.Http;
using Xunit;

namespace ConfluentPartner.Tests.Pacing;

/// <summary>
/// The composed pacer on a clock that only moves when the test says so: orderings and counts, no waiting. Each test body
/// runs on a pool thread as the pacer's callers do: under xunit's synchronisation context a completed waiter's
/// continuation would be posted instead of running on the releasing thread.
/// </summary>
public class RequestPacerTests
{
    private static (RequestPacer Pacer, FakePacerClock Clock) New(int max)
    {
        var clock = new FakePacerClock();
        var pacer = new RequestPacer(max, clock);
        pacer.OnCredentialAccepted();
        return (pacer, clock);
    }

    [Fact]
    public async Task Freed_slots_go_to_the_longest_waiter_first()
    {
        await Task.Run(async () =>
        {
            var (pacer, _) = New(2);
            await pacer.AcquireAsync(default);
            await pacer.AcquireAsync(default);
            var order = new List<int>();
            var waiting = Enumerable.Range(0, 5).Select(i => pacer.AcquireAsync(default).ContinueWith(_ => { lock (order) order.Add(i); },
                TaskContinuationOptions.ExecuteSynchronously)).ToArray();
            Assert.Empty(order);
            for (var i = 0; i < 5; i++) pacer.Release();
            await Task.WhenAll(waiting);
            Assert.Equal([0, 1, 2, 3, 4], order);
            Assert.Equal(2, pacer.InFlight);
        });
    }

    [Fact]
    public async Task A_spent_window_holds_the_queue_until_its_end_then_lets_exactly_the_limit_through()
    {
        await Task.Run(async () =>
        {
            var (pacer, clock) = New(8);
            var first = await pacer.AcquireAsync(default);
            pacer.Observe(first, limit: 3, remaining: 2, resetSeconds: 1);
            pacer.Release();
            await pacer.AcquireAsync(default);
            await pacer.AcquireAsync(default);
            pacer.Release();
            pacer.Release();

            var held = Enumerable.Range(0, 5).Select(_ => pacer.AcquireAsync(default)).ToArray();
            Assert.All(held, t => Assert.False(t.IsCompleted));
            clock.Advance(999);
            Assert.All(held, t => Assert.False(t.IsCompleted));
            clock.Advance(20); // past the latest possible end (plus the margin): the timer wakes the queue
            Assert.Equal(3, held.Count(t => t.IsCompleted));
            Assert.True(held[0].IsCompleted && held[1].IsCompleted && held[2].IsCompleted);
            Assert.Equal([4L, 5L, 6L], held.Take(3).Select(t => t.Result.Sequence));
        });
    }

    [Fact]
    public async Task A_halt_fails_everyone_waiting_and_everyone_after()
    {
        await Task.Run(async () =>
        {
            var clock = new FakePacerClock();
            var pacer = new RequestPacer(8, clock);
            await pacer.AcquireAsync(default); // the first goes alone until the credential is accepted
            var waiting = pacer.AcquireAsync(default);
            Assert.False(waiting.IsCompleted);
            var reason = new InvalidOperationException("refused");
            pacer.Halt(reason);
            Assert.Same(reason, await Assert.ThrowsAsync<InvalidOperationException>(() => waiting));
            Assert.Same(reason, await Assert.ThrowsAsync<InvalidOperationException>(() => pacer.AcquireAsync(default)));
        });
    }

    [Fact]
    public async Task A_slot_taken_before_a_halt_is_given_back_unsent_with_the_halts_reason()
    {
        await Task.Run(async () =>
        {
            var (pacer, _) = New(2);
            await pacer.AcquireAsync(default);
            pacer.ReturnSlotIfHalted(); // not halted: the slot stays taken
            Assert.Equal(1, pacer.InFlight);
            var reason = new OperationCanceledException("stopped");
            pacer.Halt(reason);
            Assert.Same(reason, Assert.Throws<OperationCanceledException>(pacer.ReturnSlotIfHalted));
            Assert.Equal(0, pacer.InFlight);
        });
    }

    [Fact]
    public async Task A_cancelled_waiter_takes_no_slot()
    {
        await Task.Run(async () =>
        {
            var (pacer, _) = New(1);
            await pacer.AcquireAsync(default);
            using var cts = new CancellationTokenSource();
            var cancelled = pacer.AcquireAsync(cts.Token);
            var next = pacer.AcquireAsync(default);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            pacer.Release();
            Assert.Equal(2, (await next).Sequence);
            Assert.Equal(1, pacer.InFlight);
        });
    }

    [Fact]
    public async Task Too_many_at_once_halves_the_slots_but_a_spent_window_does_not()
    {
        await Task.Run(async () =>
        {
            var (pacer, _) = New(8);
            Assert.True(pacer.OnThrottled(retryAfterSeconds: 1, remaining: 0));
            Assert.Equal(8, pacer.CurrentConcurrency);
            Assert.False(pacer.OnThrottled(retryAfterSeconds: 1, remaining: 5));
            Assert.Equal(4, pacer.CurrentConcurrency);
            await Task.CompletedTask;
        });
    }
}
