using System;
using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>How the module reads text from parameters and CSV cells before it builds a request.</summary>
    internal static class InputText
    {
        /// <summary>CSV exports leave spaces around values; an empty cell means "not given".</summary>
        public static string? Clean(string? value)
        {
            if (value == null) return null;
            var trimmed = value.Trim();
            return trimmed.Length == 0 ? null : trimmed;
        }

        /// <summary>Accepts AUTH_TYPE_LOCAL/AUTH_TYPE_SSO and the short forms Local/SSO, any case.</summary>
        public static string? NormalizeAuthType(string? value)
        {
            var v = Clean(value);
            if (v == null) return null;
            if (v.Equals("Local", StringComparison.OrdinalIgnoreCase) || v.Equals(AuthTypes.Local, StringComparison.OrdinalIgnoreCase)) return AuthTypes.Local;
            if (v.Equals("SSO", StringComparison.OrdinalIgnoreCase) || v.Equals(AuthTypes.Sso, StringComparison.OrdinalIgnoreCase)) return AuthTypes.Sso;
            return v; // left for the contract validator to reject with the field named
        }

        /// <summary>Accepts INVITE_STATUS_SENT and the short form Sent, any case.</summary>
        public static string? NormalizeInvitationStatus(string? value)
        {
            var v = Clean(value)?.ToUpperInvariant();
            if (v == null) return null;
            const string prefix = "INVITE_STATUS_";
            return v.StartsWith(prefix, StringComparison.Ordinal) ? v : prefix + v;
        }

        /// <summary>
        /// An enumerated value in the contract's spelling when it matches one in any case (PowerShell users expect
        /// case-insensitive values); anything else is returned as given, for the contract validator to reject.
        /// </summary>
        public static string? Canonical(string? value, IReadOnlyList<string> allowed)
        {
            var v = Clean(value);
            if (v == null) return null;
            foreach (var a in allowed)
                if (a.Equals(v, StringComparison.OrdinalIgnoreCase)) return a;
            return v;
        }
    }
}
