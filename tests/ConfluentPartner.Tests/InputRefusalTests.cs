using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>Issue 15, point 6: input a server would take (or choke on) is refused before any request, naming the field;
/// long values are not echoed whole; the documented short forms tab-complete.</summary>
public class InputRefusalTests
{
    [Theory]
    [InlineData("mailto:someone@example.com", "mailto:")]
    [InlineData("trail.@example.com", "dot")]
    [InlineData(".lead@example.com", "dot")]
    [InlineData("zero\u200Bwidth@example.com", "U+200B")]
    [InlineData("a@exa\u200Bmple.com", "U+200B")]
    public async Task An_address_a_mail_system_would_not_take_is_refused_before_any_request(string email, string why)
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("New-CcIamInvitation -Email $Email -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Email", email)));

        var error = Assert.Single(run.Errors);
        Assert.StartsWith("invalid_email,", error.FullyQualifiedErrorId);
        Assert.Contains("-Email", error.ToString());
        Assert.Contains(why, error.ToString());
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Theory]
    [InlineData("Acme\tCorp", "U+0009")]
    [InlineData("Acme\nCorp", "U+000A")]
    [InlineData("Acme\0Corp", "U+0000")]
    [InlineData("Acme\u200BCorp", "U+200B")]
    public async Task An_organization_name_with_a_control_or_invisible_character_is_refused_before_any_request(string name, string shown)
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client",
            sim.Vars(("Row", SignupRows.Details("ctl", ("organization_name", name)))));

        var error = Assert.Single(run.Errors);
        Assert.StartsWith("invalid_value,", error.FullyQualifiedErrorId);
        Assert.Contains("-OrganizationName", error.ToString());
        Assert.Contains(shown, error.ToString());
        Assert.DoesNotContain(name, error.ToString()); // shown as U+XXXX, not as the raw character
        Assert.Empty(sim.Organizations);
        Assert.Equal(0, sim.ApiRequests("POST", "/partner/v2/signup"));
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("not-a-guid")]
    public async Task A_tenant_id_that_is_not_a_GUID_is_refused_before_any_request(string tenant)
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("$Row | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client",
            sim.Vars(("Row", SignupRows.Details("guid", ("tenant_id", tenant)))));

        var error = Assert.Single(run.Errors);
        Assert.StartsWith("invalid_value,", error.FullyQualifiedErrorId);
        Assert.Contains("-SsoTenantId", error.ToString());
        Assert.Contains("GUID", error.ToString());
        Assert.Equal(0, sim.ApiRequests("POST", "/partner/v2/signup"));
    }

    [Fact]
    public async Task A_10_KB_bad_value_is_not_echoed_whole_in_the_error()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var huge = new string('x', 10 * 1024) + "@";
        var run = ModuleHost.Run("New-CcIamInvitation -Email $Email -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Email", huge)));

        var error = Assert.Single(run.Errors);
        Assert.InRange((error.ErrorDetails?.Message ?? error.Exception.Message).Length, 1, 400);
        Assert.Contains("10241 characters", error.ToString());
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Theory]
    [InlineData("New-CcIamInvitation -AuthType s", "SSO")]
    [InlineData("New-CcIamInvitation -AuthType lo", "Local")]
    [InlineData("Get-CcIamInvitation -Status Se", "Sent")]
    [InlineData("Get-CcIamInvitation -Status acc", "Accepted")]
    [InlineData("Get-CcIamInvitation -Status INVITE_STATUS_S", "INVITE_STATUS_SENT")]
    public void The_documented_short_forms_tab_complete(string line, string expected)
    {
        var run = ModuleHost.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["line"] = line });

        Assert.Null(run.Terminating);
        Assert.Contains(expected, run.Output.Select(o => o.ToString()));
    }
}
