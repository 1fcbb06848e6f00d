using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// Get-Help as a user sees it in the hosted engine, for every cmdlet the module exports: the MAML the build
/// generates from docs/help must be found, complete, and agree with the cmdlets' real parameters.
/// </summary>
public class HelpTests
{
    private sealed record CommandHelp(CmdletInfo Command, PSObject Help);

    private static List<CommandHelp> ExportedCommandsWithHelp()
    {
        var run = ModuleHost.Run(
            "Get-Command -Module ConfluentPartner -CommandType Cmdlet | ForEach-Object { [pscustomobject]@{ Command = $_; Help = Get-Help -Name $_.Name -Full } }");
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var all = run.Output.Select(o => new CommandHelp((CmdletInfo)Unwrap(o.Properties["Command"].Value)!, (PSObject)o.Properties["Help"].Value)).ToList();
        Assert.Contains(all, c => c.Command.Name == "New-CcIamInvitation");
        return all;
    }

    /// <summary>What a user must find documented: everything but the common parameters and DontShow ones (InputObject).</summary>
    private static IEnumerable<string> DocumentableParameters(CmdletInfo command) =>
        command.Parameters.Values
            .Where(p => !Cmdlet.CommonParameters.Contains(p.Name))
            .Where(p => !p.Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow))
            .Select(p => p.Name);

    [Fact]
    public void Every_exported_cmdlet_has_a_synopsis_a_description_and_at_least_two_examples_that_parse()
    {
        var problems = new List<string>();
        foreach (var (command, help) in ExportedCommandsWithHelp())
        {
            var name = command.Name;
            // Without a MAML topic Get-Help makes one up from the syntax; that must never be what users get.
            if (!help.TypeNames.Contains("MamlCommandHelpInfo")) problems.Add($"{name}: Get-Help found no MAML topic ({help.TypeNames[0]}).");
            var synopsis = Prop(help, "Synopsis")?.ToString()?.Trim() ?? "";
            if (synopsis.Length == 0 || synopsis.StartsWith(name, StringComparison.Ordinal)) problems.Add($"{name}: no synopsis.");
            if (Text(Prop(help, "description")).Trim().Length == 0) problems.Add($"{name}: no description.");

            var examples = Items(Prop(Prop(help, "examples"), "example")).ToList();
            if (examples.Count < 2) problems.Add($"{name}: {examples.Count} example(s), at least 2 wanted.");
            foreach (var example in examples)
            {
                var title = Prop(example, "title")?.ToString()?.Trim('-', ' ');
                var code = Prop(example, "code")?.ToString() ?? "";
                if (code.Trim().Length == 0) problems.Add($"{name}, {title}: no code.");
                Parser.ParseInput(code, out _, out var errors);
                foreach (var error in errors) problems.Add($"{name}, {title}: does not parse: {error.Message} at '{error.Extent.Text}'.");
                if (!code.Contains(name, StringComparison.OrdinalIgnoreCase)) problems.Add($"{name}, {title}: the example does not use {name}.");
                if (Text(Prop(example, "remarks")).Trim().Length == 0 && code.Split('\n').Length < 2)
                    problems.Add($"{name}, {title}: a one-line example needs a remark saying what it does.");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_parameter_of_every_exported_cmdlet_is_documented()
    {
        var problems = new List<string>();
        foreach (var (command, help) in ExportedCommandsWithHelp())
        {
            var documented = Items(Prop(Prop(help, "parameters"), "parameter"))
                .ToDictionary(p => Prop(p, "name")!.ToString()!, p => Text(Prop(p, "description")), StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in DocumentableParameters(command))
            {
                if (!documented.TryGetValue(parameter, out var description)) problems.Add($"{command.Name} -{parameter}: not in Get-Help.");
                else if (description.Trim().Length == 0) problems.Add($"{command.Name} -{parameter}: no description.");
            }
            foreach (var extra in documented.Keys.Where(d => !command.Parameters.ContainsKey(d)))
                problems.Add($"{command.Name}: Get-Help documents -{extra}, which the cmdlet does not have.");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_syntax_in_help_matches_the_parameter_sets_of_the_cmdlets()
    {
        var problems = new List<string>();
        foreach (var (command, help) in ExportedCommandsWithHelp())
        {
            var items = Items(Prop(Prop(help, "syntax"), "syntaxItem"))
                .Select(i => Items(Prop(i, "parameter")).ToDictionary(p => Prop(p, "name")!.ToString()!, p => p, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (items.Count != command.ParameterSets.Count)
                problems.Add($"{command.Name}: {items.Count} syntax item(s) for {command.ParameterSets.Count} parameter set(s).");
            foreach (var set in command.ParameterSets)
            {
                var expected = set.Parameters.Where(p => !Cmdlet.CommonParameters.Contains(p.Name) && !p.Attributes.OfType<ParameterAttribute>().Any(a => a.DontShow)).ToList();
                var item = items.FirstOrDefault(i => i.Count == expected.Count && expected.All(p => i.ContainsKey(p.Name)));
                if (item == null)
                {
                    problems.Add($"{command.Name}: no syntax item lists exactly the parameters of set {set.Name}: {string.Join(", ", expected.Select(p => p.Name))}.");
                    continue;
                }
                foreach (var p in expected)
                {
                    var shown = item[p.Name];
                    var required = string.Equals(Prop(shown, "required")?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
                    if (required != p.IsMandatory) problems.Add($"{command.Name} [{set.Name}] -{p.Name}: help says required={required}, the cmdlet {p.IsMandatory}.");
                    var position = Prop(shown, "position")?.ToString();
                    var actual = p.Position == int.MinValue ? "named" : p.Position.ToString();
                    if (!string.Equals(position, actual, StringComparison.OrdinalIgnoreCase))
                        problems.Add($"{command.Name} [{set.Name}] -{p.Name}: help says position {position}, the cmdlet {actual}.");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Get_Help_Examples_shows_the_examples_of_New_CcIamInvitation_including_a_CSV_pipeline_and_a_runbook()
    {
        var run = ModuleHost.Run("Get-Help New-CcIamInvitation -Examples");
        Assert.Null(run.Terminating);
        var help = Assert.Single(run.Output);
        Assert.Contains("MamlCommandHelpInfo#ExamplesView", help.TypeNames);
        var codes = Items(Prop(Prop(help, "examples"), "example")).Select(e => Prop(e, "code")?.ToString() ?? "").ToList();
        Assert.True(codes.Count >= 2);
        Assert.Contains(codes, c => c.Contains("Import-Csv") && c.Contains("New-CcIamInvitation"));
        Assert.Contains(codes, c => c.Contains("Get-AutomationPSCredential"));
        Assert.Contains(codes, c => c.Contains("-ThrottleLimit"));
        Assert.Contains(codes, c => c.Contains("-SkipExisting") && c.Contains("TargetObject"));
    }

    [Fact]
    public void Get_Help_Parameter_explains_the_throttle_limit_and_its_default()
    {
        var run = ModuleHost.Run("Get-Help New-CcIamInvitation -Parameter ThrottleLimit");
        var parameter = Assert.Single(run.Output);
        Assert.Equal("8", Prop(parameter, "defaultValue")?.ToString());
        var text = Text(Prop(parameter, "description"));
        Assert.Contains("concurrency limits", text);
        Assert.Contains("strictly sequential", text);
        Assert.Contains("Retry-After", text);
    }

    [Fact]
    public void Get_Help_Online_points_at_the_cmdlets_page_in_the_repository()
    {
        var run = ModuleHost.Run("Get-Help New-CcIamInvitation");
        var links = Items(Prop(Prop(Assert.Single(run.Output), "relatedLinks"), "navigationLink")).ToList();
        // PowerShell opens the first link with a URI; platyPS puts the online version there.
        var online = links.First(l => !string.IsNullOrEmpty(Prop(l, "uri")?.ToString()));
        Assert.EndsWith("/docs/help/New-CcIamInvitation.md", Prop(online, "uri")!.ToString());
        Assert.Contains(links, l => Prop(l, "linkText")?.ToString() == "about_ConfluentPartner");
    }

    [Fact]
    public void The_about_topic_explains_authentication_bulk_behaviour_and_errors()
    {
        var run = ModuleHost.Run("Get-Help about_ConfluentPartner");
        Assert.Null(run.Terminating);
        var text = string.Join("\n", run.Output.Select(o => o.ToString()));
        foreach (var expected in new[]
                 {
                     "CONFLUENT_CLOUD_API_KEY", "CONFLUENT_CLOUD_API_SECRET", "CONFLUENT_CLOUD_ACCESS_TOKEN",
                     "CONFLUENT_PARTNER_CLIENT_ID", "CONFLUENT_PARTNER_CLIENT_SECRET", "CONFLUENT_CLOUD_BASE_URI",
                     "Connect-CcCloud", "-ThrottleLimit", "X-RateLimit-Remaining", "Retry-After", "-MaximumRetryCount",
                     "-SkipExisting", "TargetObject | Export-Csv", "ErrorId", "RequestId", "ResourceExists",
                 })
            Assert.Contains(expected, text);
    }

    [Fact]
    public void AuthType_tab_completes_to_the_contract_values()
    {
        Assert.Equal(["AUTH_TYPE_LOCAL", "AUTH_TYPE_SSO"], Complete("New-CcIamInvitation -AuthType "));
        Assert.Equal(["AUTH_TYPE_SSO"], Complete("New-CcIamInvitation -Email a@contoso.com -AuthType AUTH_TYPE_S"));
        Assert.Equal(["AUTH_TYPE_SSO"], Complete("New-CcIamInvitation a@contoso.com auth_type_s"));
    }

    /// <summary>
    /// Every parameter with an argument completer, on whatever cmdlets are exported, completes through TabExpansion2
    /// to exactly the values the contract lists (so -PlanId and -ProductId are covered as soon as they exist).
    /// </summary>
    [Fact]
    public void Every_completer_parameter_tab_completes_to_the_contract_values()
    {
        var contract = new Dictionary<string, IReadOnlyList<string>>
        {
            ["AuthType"] = ConfluentPartner.Client.Models.AuthTypes.All,
            ["PlanId"] = ConfluentPartner.Client.Models.PlanIds.All,
            ["ProductId"] = ConfluentPartner.Client.Models.ProductIds.All,
            ["Status"] = ConfluentPartner.Client.Models.InvitationStatuses.All,
            ["RoleName"] = ConfluentPartner.Client.Models.RoleNames.Documented,
        };
        var checkedAny = false;
        foreach (var (command, _) in ExportedCommandsWithHelp())
        {
            foreach (var parameter in command.Parameters.Values.Where(p => p.Attributes.OfType<ArgumentCompleterAttribute>().Any()))
            {
                Assert.True(contract.TryGetValue(parameter.Name, out var values), $"{command.Name} -{parameter.Name} has a completer this test does not know.");
                Assert.Equal(values.OrderBy(v => v), Complete($"{command.Name} -{parameter.Name} ").OrderBy(v => v));
                checkedAny = true;
            }
        }
        Assert.True(checkedAny);
    }

    private static List<string> Complete(string input)
    {
        var run = ModuleHost.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object ListItemText",
            new Dictionary<string, object?> { ["line"] = input });
        Assert.Null(run.Terminating);
        return run.Output.Select(o => o.ToString()).ToList();
    }

    private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

    private static object? Prop(object? value, string name) =>
        value is null ? null : PSObject.AsPSObject(value).Properties[name]?.Value;

    /// <summary>Help properties hold a single object or an array of them, depending on how many there are.</summary>
    private static IEnumerable<PSObject> Items(object? value)
    {
        if (value is null) return [];
        var baseObject = Unwrap(value);
        if (baseObject is IEnumerable many && baseObject is not string) return many.Cast<object>().Select(PSObject.AsPSObject);
        return [PSObject.AsPSObject(value)];
    }

    /// <summary>The text of a MAML description: an array of paragraphs, each with a Text property.</summary>
    private static string Text(object? paragraphs) =>
        string.Join("\n", Items(paragraphs).Select(p => Prop(p, "Text")?.ToString() ?? p.ToString()));
}
