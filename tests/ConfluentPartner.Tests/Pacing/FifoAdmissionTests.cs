using ConfluentPartner.Client.Http.Pacing;
using Xunit;

namespace ConfluentPartner.Tests.Pacing;

public class FifoAdmissionTests
{
    [Fact]
    public void Waiters_leave_in_the_order_they_came_and_cancelled_ones_are_skipped()
    {
        var queue = new FifoAdmission();
        var a = queue.Enqueue();
        var b = queue.Enqueue();
        var c = queue.Enqueue();
        b.TrySetCanceled();

        Assert.True(queue.TryDequeue(out var first));
        Assert.Same(a, first);
        Assert.True(queue.TryDequeue(out var second));
        Assert.Same(c, second); // b was cancelled: it takes no slot
        Assert.False(queue.TryDequeue(out _));
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void Draining_returns_everyone_in_order_and_empties_the_queue()
    {
        var queue = new FifoAdmission();
        var waiters = Enumerable.Range(0, 5).Select(_ => queue.Enqueue()).ToArray();
        Assert.Equal(waiters, queue.DrainAll());
        Assert.Equal(0, queue.Count);
    }
}
