using System.Management.Automation;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests;

/// <summary>Complete-CcPartnerSignup (POST /partner/v2/signup/activate) after a signup made without a user.</summary>
public class CompletePartnerSignupTests
{
    private const string Cmd = "ConfluentPartner.Commands.CompleteCcPartnerSignupCommand";
    private const string Auth = "-BaseUri $BaseUri -ClientCredential $Client";

    private static async Task<string> SignupWithoutUser(CloudSimulator sim, string key)
    {
        var run = ModuleHost.Run($"$Row | New-CcPartnerSignup {Auth}", sim.Vars(("Row", Details(key, ("email", null), ("given_name", null), ("family_name", null)))));
        Assert.Empty(run.Errors);
        return Assert.Single(run.Output).Prop<string>("OrganizationId");
    }

    [Fact]
    public async Task Completing_by_parameters_adds_the_user_and_sends_the_contract_body()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var organizationId = await SignupWithoutUser(sim, "p");
        var run = ModuleHost.Run($"Complete-CcPartnerSignup -OrganizationId {organizationId} -UserEmail ada@p.example.com -UserGivenName Ada -UserFamilyName Lovelace {Auth}", sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var result = Assert.Single(run.Output);
        Assert.Equal("ConfluentPartner.PartnerSignupResult", result.TypeNames[0]);
        Assert.Equal(organizationId, result.Prop<string>("OrganizationId"));
        Assert.Equal("ada@p.example.com", result.Prop<string>("UserEmail"));
        Assert.False(result.Prop<bool>("ActivationPending"));
        Assert.Contains("ada@p.example.com", result.Prop<string>("DisplayMessage"));
        var request = Assert.Single(sim.Requests, r => r.Path == "/partner/v2/signup/activate");
        Assert.Equal(request.RequestId, result.Prop<string>("RequestId"));
        AssertJson($$"""{"organization_id":"{{organizationId}}","user":{"email":"ada@p.example.com","given_name":"Ada","family_name":"Lovelace"} }""", request.Body);
        var signup = Assert.Single(sim.Signups);
        Assert.True(signup.Activated);
        Assert.Equal("ada@p.example.com", signup.UserEmail);
    }

    [Fact]
    public async Task A_signup_without_a_user_pipes_into_Complete_which_keeps_the_customers_identity()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = new[]
        {
            Details("one", ("email", ""), ("given_name", ""), ("family_name", "")),
            Details("two", ("email", ""), ("given_name", ""), ("family_name", "")),
        };
        var run = ModuleHost.Run($"$Rows | New-CcPartnerSignup {Auth} | Complete-CcPartnerSignup -UserEmail owner@example.com -UserGivenName Ada -UserFamilyName Lovelace {Auth}",
            sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(2, run.Warnings.Count);
        Assert.Equal(new[] { "Customer one", "Customer two" }, run.Output.Select(o => o.Prop<string>("OrganizationName")));
        Assert.Equal(new[] { "ext-one", "ext-two" }, run.Output.Select(o => o.Prop<string>("EntitlementExternalId")));
        Assert.Equal(sim.Signups.Select(s => s.OrganizationId), run.Output.Select(o => o.Prop<string>("OrganizationId")));
        Assert.All(sim.Signups, s => Assert.True(s.Activated));
    }

    [Fact]
    public async Task Completing_twice_is_ResourceExists_and_says_the_signup_is_already_complete()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var organizationId = await SignupWithoutUser(sim, "twice");
        var script = $"Complete-CcPartnerSignup {organizationId} ada@twice.example.com -UserGivenName Ada -UserFamilyName Lovelace {Auth}";
        ModuleHost.Run(script, sim.Vars());
        var run = ModuleHost.Run(script, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Output);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"resource_already_exists,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("already complete", error.ErrorDetails.Message);
        Assert.Contains("HTTP 409", error.ErrorDetails.Message);
        Assert.Contains($"Existing resource: {sim.BaseUri.ToString().TrimEnd('/')}/partner/v2/organizations/{organizationId}", error.ErrorDetails.Message);
        Assert.Contains("nothing was changed", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task Csv_rows_bind_by_their_snake_case_headers_and_each_bad_row_names_its_parameter()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var organizationId = await SignupWithoutUser(sim, "csv");
        var good = ModuleHost.CsvRow(("organization_id", $" {organizationId} "), ("email", " ada@csv.example.com "), ("given_name", "Ada"), ("family_name", "Lovelace"));
        var noOrganization = ModuleHost.CsvRow(("organization_id", ""), ("email", "b@csv.example.com"), ("given_name", "B"), ("family_name", "C"));
        var badEmail = ModuleHost.CsvRow(("organization_id", organizationId), ("email", "b@"), ("given_name", "B"), ("family_name", ""));
        var unknown = ModuleHost.CsvRow(("organization_id", "00000000-0000-0000-0000-000000000000"), ("email", "b@csv.example.com"), ("given_name", "B"), ("family_name", "C"));
        var run = ModuleHost.Run($"$Rows | Complete-CcPartnerSignup {Auth}", sim.Vars(("Rows", new[] { good, noOrganization, badEmail, unknown })));

        Assert.Null(run.Terminating);
        Assert.Equal(organizationId, Assert.Single(run.Output).Prop<string>("OrganizationId"));
        string?[] Named(PSObject row) => run.Errors.Where(e => ReferenceEquals(e.TargetObject, row))
            .Select(e => ErrorRecords.ParameterOf(e)).ToArray();
        Assert.Equal(new[] { "OrganizationId" }, Named(noOrganization));
        Assert.Equal(new[] { "UserEmail", "UserFamilyName" }, Named(badEmail));
        // Only the server knows the organization does not exist: its pointer /organization_id names the parameter.
        Assert.Equal(new[] { "OrganizationId" }, Named(unknown));
        Assert.Equal(2, sim.Requests.Count(r => r.Path == "/partner/v2/signup/activate"));
        Assert.Equal("ada@csv.example.com", Assert.Single(sim.Signups).UserEmail);
    }

    [Theory]
    [InlineData(FaultKind.GatewayTimeout504)]
    [InlineData(FaultKind.ResetAfterCreate)]
    public async Task An_activation_whose_outcome_is_unknown_is_not_resent(FaultKind fault)
    {
        await using var sim = await CloudSimulator.StartAsync();
        var organizationId = await SignupWithoutUser(sim, "unclear");
        sim.AddFault(new FaultRule { Kind = fault, PathPrefix = "/partner/v2/signup/activate", MaxTimes = 1 });
        var run = ModuleHost.Run($"Complete-CcPartnerSignup {organizationId} ada@unclear.example.com -UserGivenName Ada -UserFamilyName Lovelace {Auth} -RetryIntervalSec 0", sim.Vars());

        var error = Assert.Single(run.Errors);
        Assert.Equal($"outcome_unknown,{Cmd}", error.FullyQualifiedErrorId);
        Assert.Contains($"Check whether user ada@unclear.example.com exists in organization '{organizationId}'", error.ErrorDetails.RecommendedAction);
        for (var i = 0; i < 100 && !sim.Requests.Any(r => r.Path == "/partner/v2/signup/activate"); i++) await Task.Delay(50);
        Assert.Single(sim.Requests, r => r.Path == "/partner/v2/signup/activate");
    }

    [Fact]
    public async Task WhatIf_sends_nothing()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var host = new CapturingHost();
        var run = ModuleHost.Run("Complete-CcPartnerSignup -OrganizationId org-1 -UserEmail a@example.com -UserGivenName A -UserFamilyName B -BaseUri $BaseUri -WhatIf",
            sim.Vars(), host: host);
        Assert.Empty(run.Errors);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Contains("What if: Performing the operation \"Complete the signup with first user a@example.com\" on target \"Organization 'org-1'\".", host.Text);
    }
}
