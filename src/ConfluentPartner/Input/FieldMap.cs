using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;

namespace ConfluentPartner.Input
{
    /// <summary>A cmdlet's request fields (from its <see cref="RequestFieldAttribute"/>s): which parameter a JSON pointer or query parameter names.</summary>
    internal sealed class FieldMap
    {
        private static readonly ConcurrentDictionary<Type, FieldMap> ByCmdlet = new ConcurrentDictionary<Type, FieldMap>();
        private readonly Dictionary<string, string> _parameterByLocation = new Dictionary<string, string>(StringComparer.Ordinal);

        private FieldMap(Type cmdlet)
        {
            foreach (var property in cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (property.GetCustomAttribute<RequestFieldAttribute>() is { } field)
                    foreach (var location in field.Locations) _parameterByLocation[location] = property.Name;
        }

        public static FieldMap For(Type cmdlet) => ByCmdlet.GetOrAdd(cmdlet, type => new FieldMap(type));

        /// <summary>The parameter for a pointer or query parameter: the longest mapped prefix wins (/organization/sso_config/tenant_id before /organization).</summary>
        public string? ParameterFor(string? location)
        {
            if (location == null) return null;
            string? best = null;
            var bestLength = -1;
            foreach (var pair in _parameterByLocation)
            {
                if ((location == pair.Key || location.StartsWith(pair.Key + "/", StringComparison.Ordinal)) && pair.Key.Length > bestLength)
                {
                    best = pair.Value;
                    bestLength = pair.Key.Length;
                }
            }
            return best;
        }
    }
}
