namespace VmemmapPS;

internal static class Placeholder
{
}
