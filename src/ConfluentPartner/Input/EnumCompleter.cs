using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>
    /// Tab completion for values the contract enumerates, and for their documented short forms (SSO for AUTH_TYPE_SSO,
    /// Sent for INVITE_STATUS_SENT): a word completes to the short forms it starts, then to the full values it starts.
    /// The cmdlet validates, so any spelling it accepts stays accepted.
    /// </summary>
    public abstract class EnumCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<string> Values { get; }

        /// <summary>The short form of a value that the cmdlet also accepts; null when it has none.</summary>
        protected virtual string? ShortForm(string value) => null;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            // Nothing typed yet: the contract's values only; a started word also finds the short forms.
            var shortForms = prefix.Length == 0 ? Enumerable.Empty<string>()
                : Values.Select(ShortForm).Where(v => v != null && v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(v => v!);
            var full = Values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            return shortForms.Concat(full).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(v.IndexOfAny(new[] { ' ', '.' }) >= 0 ? "'" + v + "'" : v, v, CompletionResultType.ParameterValue, v))
                .ToList();
        }

        /// <summary>VALUE_AFTER_PREFIX as the short form "Value After Prefix" without spaces (INVITE_STATUS_SENT: Sent).</summary>
        protected static string? AfterPrefix(string value, string prefix)
        {
            if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Length == prefix.Length) return null;
            var words = value.Substring(prefix.Length).Split('_');
            return string.Concat(words.Select(w => w.Length == 0 ? w : w.Substring(0, 1) + w.Substring(1).ToLowerInvariant()));
        }
    }
}
