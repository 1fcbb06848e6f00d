using ConfluentPartner.Client.Http.Pacing;
using Xunit;

namespace ConfluentPartner.Tests.Pacing;

public class CredentialGateTests
{
    [Fact]
    public void Acceptance_is_reported_once()
    {
        var gate = new CredentialGate();
        Assert.False(gate.Accepted);
        Assert.True(gate.Accept());
        Assert.False(gate.Accept());
        Assert.True(gate.Accepted);
    }

    [Fact]
    public void A_halt_throws_its_reason_at_every_later_caller()
    {
        var gate = new CredentialGate();
        gate.ThrowIfHalted();
        var reason = new InvalidOperationException("401");
        gate.Halt(reason);
        Assert.Same(reason, Assert.Throws<InvalidOperationException>(gate.ThrowIfHalted));
        Assert.Same(reason, Assert.Throws<InvalidOperationException>(gate.ThrowIfHalted));
        Assert.Same(reason, gate.HaltedBy);
    }
}
