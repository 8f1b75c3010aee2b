#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// Lets records and init-only setters compile for netstandard2.0 (the generator's target); newer frameworks
    /// ship this type themselves, so it is compiled only there. Internal, so it never clashes with another copy.
    /// </summary>
    internal static class IsExternalInit
    {
    }
}
#endif
