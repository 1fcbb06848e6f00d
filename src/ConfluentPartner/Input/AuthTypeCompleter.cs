using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for the values of AuthTypes.</summary>
    public sealed class AuthTypeCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => AuthTypes.All;
    }
}
