using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for the values of ProductIds.</summary>
    public sealed class ProductIdCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => ProductIds.All;
    }
}
