using System;

namespace ConfluentPartner.Input
{
    /// <summary>
    /// Marks the parameter that fills a request field: the field's JSON pointer (<c>/user/given_name</c>) or query parameter
    /// (<c>page_size</c>). Next to the parameter's [Alias] (the CSV/JSON spellings), this is the one place a field is declared;
    /// <see cref="FieldMap"/> reads it to name the parameter in errors.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
    public sealed class RequestFieldAttribute : Attribute
    {
        public RequestFieldAttribute(params string[] locations) => Locations = locations;

        /// <summary>JSON pointers and query parameter names this parameter fills; a pointer also covers the fields below it.</summary>
        public string[] Locations { get; }
    }
}
