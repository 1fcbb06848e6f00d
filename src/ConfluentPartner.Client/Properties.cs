using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ConfluentPartner.Tests")]
