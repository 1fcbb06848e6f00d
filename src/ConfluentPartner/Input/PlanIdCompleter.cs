using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for the values of PlanIds.</summary>
    public sealed class PlanIdCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => PlanIds.All;
    }
}
