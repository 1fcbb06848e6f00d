using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for Confluent Cloud's documented role names; any other name is still sent (the API decides).</summary>
    public sealed class RoleNameCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => RoleNames.Documented;
    }
}
