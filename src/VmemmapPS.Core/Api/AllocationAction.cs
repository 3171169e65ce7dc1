namespace VmemmapPS.Core;

public enum AllocationAction
{
    Alloc,
    Free,
}
