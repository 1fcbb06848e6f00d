using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for the values of AuthTypes.</summary>
    public sealed class AuthTypeCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => AuthTypes.All;
        /// <summary>Local and SSO, as InputText.NormalizeAuthType accepts them.</summary>
        protected override string? ShortForm(string value) =>
            value == AuthTypes.Local ? "Local" : value == AuthTypes.Sso ? "SSO" : null;
    }
}
